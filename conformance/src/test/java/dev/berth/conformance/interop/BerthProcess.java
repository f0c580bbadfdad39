package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The real {@code berth.jar} in a child JVM: a free port on 127.0.0.1 (plain HTTP, or HTTPS with
 * {@link #startHttps}), fresh storage (a directory in
 * a temporary directory, or with {@code -Dberth.storage=s3} a bucket on S3Proxy: see {@link
 * BerthStorage}), stdout and stderr in files in that temporary directory. {@link #close()} stops it with SIGTERM, as an
 * operator would, and fails the test unless it exits 0 within 30 seconds.
 *
 * <p>The jar is {@code ../registry-server/target/berth.jar} relative to the conformance module
 * (override with {@code -Dberth.jar=PATH}). It is copied into the temporary directory first: the
 * build may replace the original while a test runs, and a JVM that loads classes lazily from a
 * replaced jar fails in odd places.
 */
public final class BerthProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;
    /** A path no test uses; requests to it mark a point in the access log. */
    private static final String MARKER_PATH = "/v2/berth-interop-marker/tags/list";

    private final Process process;
    private final Path workDir;
    private final BerthStorage storage;
    private final boolean ownsStorage;
    private final Path stdout;
    private final Path stderr;
    private final int port;
    private final Thread killOnExit;
    /** {@code https} when the server was started with TLS, {@code http} otherwise. */
    private final String scheme;

    private final HttpClient http;
    private int markersSent;

    private BerthProcess(
            Process process,
            Path workDir,
            BerthStorage storage,
            boolean ownsStorage,
            Path stdout,
            Path stderr,
            int port,
            SSLContext tls) {
        this.process = process;
        this.workDir = workDir;
        this.storage = storage;
        this.ownsStorage = ownsStorage;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
        this.scheme = tls == null ? "http" : "https";
        HttpClient.Builder client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        this.http = (tls == null ? client : client.sslContext(tls)).build();
        // A test JVM that dies (or is killed by failsafe's timeout) must not leave a server behind.
        this.killOnExit = new Thread(process::destroyForcibly, "berth-process-reaper");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts the server with these extra JVM options (e.g. {@code -Xmx256m}) and waits until it answers. */
    public static BerthProcess start(String... jvmArgs) throws IOException, InterruptedException {
        return start(Map.of(), jvmArgs);
    }

    /**
     * Starts the server with these extra environment variables (e.g. {@code BERTH_AUTH_MODE}; see
     * {@link BerthAuth}) and JVM options, and waits until it answers.
     */
    public static BerthProcess start(Map<String, String> environment, String... jvmArgs)
            throws IOException, InterruptedException {
        return launch(null, environment, null, jvmArgs);
    }

    /**
     * Starts the server as {@link #start(Map, String...)} does, with {@code environment} naming its
     * TLS files ({@code BERTH_TLS_*}: see {@link BerthTls}); the test's own requests trust {@code trust}.
     */
    public static BerthProcess startHttps(Map<String, String> environment, SSLContext trust, String... jvmArgs)
            throws IOException, InterruptedException {
        return launch(null, environment, trust, jvmArgs);
    }

    /**
     * Starts a server on storage that other servers share, as {@link #start(Map, String...)} does;
     * the caller closes {@code shared} once every server on it has stopped.
     */
    public static BerthProcess startOn(BerthStorage shared, Map<String, String> environment, String... jvmArgs)
            throws IOException, InterruptedException {
        return launch(shared, environment, null, jvmArgs);
    }

    private static BerthProcess launch(
            BerthStorage shared, Map<String, String> environment, SSLContext tls, String... jvmArgs)
            throws IOException, InterruptedException {
        Path jar = locateJar();
        Path workDir = TempDirs.create("berth-interop-server-");
        BerthStorage storage = shared;
        try {
            Path copy = Files.copy(jar, workDir.resolve("berth.jar"));
            if (storage == null) {
                storage = BerthStorage.create(workDir);
            }
            for (int attempt = 1; ; attempt++) {
                Optional<BerthProcess> started =
                        tryStart(copy, workDir, storage, shared == null, environment, tls, attempt, jvmArgs);
                if (started.isPresent()) {
                    return started.get();
                }
                if (attempt == START_ATTEMPTS) {
                    fail("berth on " + storage + " did not start after " + START_ATTEMPTS
                            + " attempts (port taken each time?); last output:\n" + readOutput(workDir, attempt));
                }
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            if (storage != null && shared == null) {
                storage.close();
            }
            TempDirs.deleteTree(workDir);
            throw e;
        }
    }

    /**
     * One attempt on one free port. Empty when the port was taken between choosing it and binding
     * it; any other early exit fails the test with the server's output.
     */
    private static Optional<BerthProcess> tryStart(
            Path jar,
            Path workDir,
            BerthStorage storage,
            boolean ownsStorage,
            Map<String, String> environment,
            SSLContext tls,
            int attempt,
            String... jvmArgs)
            throws IOException, InterruptedException {
        int port = freePort();
        Path out = workDir.resolve("stdout-" + attempt + ".log");
        Path err = workDir.resolve("stderr-" + attempt + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-jar", jar.toString(), "serve", "--listen", "127.0.0.1:" + port));
        command.addAll(storage.arguments());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // BERTH_* variables of the developer's shell would change the server under test (log level, purging).
        builder.environment().keySet().removeIf(name -> name.startsWith("BERTH_"));
        builder.environment().putAll(storage.environment());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        BerthProcess server = new BerthProcess(process, workDir, storage, ownsStorage, out, err, port, tls);
        boolean ready;
        try {
            ready = server.awaitReady();
        } catch (InterruptedException | RuntimeException | Error e) {
            server.abandon();
            throw e;
        }
        if (ready) {
            return Optional.of(server);
        }
        String output = server.output();
        server.abandon();
        if (output.contains("BindException") || output.contains("Address already in use")) {
            return Optional.empty();
        }
        return fail("berth on " + storage + " exited with " + process.exitValue()
                + " before answering GET /v2/; command: "
                + String.join(" ", command) + "\n" + output);
    }

    static Path locateJar() {
        String override = System.getProperty("berth.jar", "").trim();
        // Surefire and failsafe set basedir to the module directory; an IDE usually runs from there too.
        Path moduleDir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path jar = override.isEmpty()
                ? moduleDir.resolve("../registry-server/target/berth.jar").normalize()
                : Path.of(override).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            fail("the server jar " + jar + " does not exist: build it first with "
                    + "`mvn -pl registry-server -am package -DskipTests` (or run `mvn verify`, which packages "
                    + "before the integration tests), or point -Dberth.jar= at one");
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Polls {@code GET /v2/} until it answers 200, or 401 when auth is on (true), or the process
     * exits (false).
     */
    private boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        HttpRequest ping = HttpRequest.newBuilder(baseUri().resolve("/v2/"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                int status =
                        http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return true;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        return fail("berth did not answer GET /v2/ with 200 or 401 within " + STARTUP_TIMEOUT.toSeconds() + " s\n"
                + output());
    }

    /** Stops a process that never became ready, keeping the directory for the next attempt. */
    private void abandon() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }

    /** {@code http://127.0.0.1:PORT}, or {@code https://} for a server started with TLS. */
    public URI baseUri() {
        return URI.create(scheme + "://" + hostPort());
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /**
     * Every request logged so far. The server logs a request once its response is written, so a
     * client may see the last answer a moment before the line appears; this first sends a marker
     * request and waits until the log shows it, so everything a finished client did is included.
     */
    public List<AccessLogEntry> accessLog() throws IOException, InterruptedException {
        HttpRequest marker = HttpRequest.newBuilder(baseUri().resolve(MARKER_PATH))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        http.send(marker, HttpResponse.BodyHandlers.discarding());
        int expected = ++markersSent;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<AccessLogEntry> all = Files.readAllLines(stdout, StandardCharsets.UTF_8).stream()
                    .map(AccessLogEntry::parse)
                    .flatMap(Optional::stream)
                    .toList();
            long markers =
                    all.stream().filter(e -> e.path().equals(MARKER_PATH)).count();
            if (markers >= expected) {
                return all.stream().filter(e -> !e.path().equals(MARKER_PATH)).toList();
            }
            if (System.nanoTime() > deadline) {
                fail("the marker request " + MARKER_PATH + " never appeared in the access log\n" + output());
            }
            Thread.sleep(20);
        }
    }

    /** The lines the server wrote to standard output so far (its log). */
    public List<String> stdoutLines() {
        return read(stdout).lines().toList();
    }

    /** The server's stdout and stderr so far, for assertion messages. */
    public String output() {
        return "---- berth on " + storage + ", stdout (" + stdout + ") ----\n" + read(stdout)
                + "---- berth stderr ----\n" + read(stderr);
    }

    private static String readOutput(Path workDir, int attempt) {
        return read(workDir.resolve("stdout-" + attempt + ".log"))
                + read(workDir.resolve("stderr-" + attempt + ".log"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends SIGTERM and returns at once; {@link #close()} then waits for the exit. */
    public void terminate() {
        process.destroy();
    }

    /** True while the server process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then: exit code 0 within 30 s, or the test fails; the directory and the storage go either way. */
    @Override
    public void close() {
        try {
            process.destroy();
            boolean exited = awaitExit(SHUTDOWN_TIMEOUT);
            if (!exited) {
                process.destroyForcibly();
                awaitExit(SHUTDOWN_TIMEOUT);
            }
            String output = output();
            assertTrue(
                    exited,
                    () -> "berth did not exit within " + SHUTDOWN_TIMEOUT.toSeconds() + " s of SIGTERM\n"
                            + tail(output));
            assertEquals(
                    0,
                    process.exitValue(),
                    () -> "berth exited with " + process.exitValue() + " after SIGTERM\n" + tail(output));
            // Clients retry quietly, so a server error can hide behind a passing test; the log keeps it.
            List<String> serverErrors = output.lines()
                    .filter(line -> AccessLogEntry.parse(line)
                                    .map(e -> e.status() >= 500)
                                    .orElse(false)
                            || line.contains(" ERROR ")
                            || line.contains("Exception"))
                    .toList();
            assertTrue(
                    serverErrors.isEmpty(),
                    () -> "berth answered 5xx or logged errors:\n" + String.join("\n", serverErrors) + "\n"
                            + tail(output));
        } finally {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
            try {
                if (ownsStorage) {
                    storage.close();
                }
            } finally {
                TempDirs.deleteTree(workDir);
            }
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for berth to exit", e);
        }
    }

    private static String tail(String text) {
        int max = 20_000;
        return text.length() <= max ? text : "[...]" + text.substring(text.length() - max);
    }
}
