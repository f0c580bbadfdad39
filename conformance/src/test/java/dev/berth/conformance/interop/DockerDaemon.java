package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A private {@code dockerd} (Debian's {@code docker.io}: {@value #DOCKERD}, client {@value #DOCKER})
 * with its own data root, exec root, pid file, socket and client config, all in one short
 * directory under {@code /tmp} (the socket path, and containerd's below the exec root, must stay
 * short). It runs without iptables and without a bridge: it only builds, pushes and pulls.
 *
 * <p>Where docker.io is missing, not root, or the daemon does not come up, the test is skipped
 * loudly; with {@code CI=true} each of these fails it instead, since CI installs docker.io.
 * {@link #close()} stops the daemon (SIGTERM, then kill), detaches anything still mounted below
 * the directory (the data root holds overlay mounts while images exist) and deletes it.
 */
final class DockerDaemon implements AutoCloseable {

    static final String DOCKERD = "/usr/sbin/dockerd";
    static final String DOCKER = "/usr/bin/docker";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private final Path dir;
    private final Path config;
    private final Path log;
    private final Process process;
    private final Thread killOnExit;
    private int commands;

    private DockerDaemon(Path dir, Path log, Process process) {
        this.dir = dir;
        this.config = dir.resolve("config");
        this.log = log;
        this.process = process;
        this.killOnExit = new Thread(
                () -> {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                },
                "dockerd-reaper");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts a daemon and waits until it answers; skips (or on CI fails) the test where it cannot run. */
    static DockerDaemon start() throws IOException, InterruptedException {
        return start(Map.of());
    }

    /**
     * Starts a daemon with these extra environment variables (such as {@code HTTPS_PROXY}) and
     * waits until it answers; skips (or on CI fails) the test where it cannot run.
     */
    static DockerDaemon start(Map<String, String> environment) throws IOException, InterruptedException {
        for (String tool : List.of(DOCKERD, DOCKER)) {
            if (!Files.isExecutable(Path.of(tool))) {
                unavailable(tool + " is missing: this test needs Debian's docker.io (apt-get install docker.io); "
                        + "other docker builds (such as a client in /usr/local/bin) are not used");
            }
        }
        if (!isRoot()) {
            unavailable("dockerd needs root, and this test runs as another user");
        }
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "bd-");
        Path log = dir.resolve("dockerd.log");
        Process process;
        try {
            for (String sub : List.of("data", "exec", "config", "home")) {
                Files.createDirectories(dir.resolve(sub));
            }
            // No daemon.json of the machine's: no mirrors, proxies or insecure-registry lists.
            Files.writeString(dir.resolve("daemon.json"), "{}\n");
            Files.writeString(dir.resolve("config/config.json"), "{\"auths\":{}}\n");
            ProcessBuilder builder = new ProcessBuilder(
                            DOCKERD,
                            "--config-file",
                            dir.resolve("daemon.json").toString(),
                            "--iptables=false",
                            "--ip6tables=false",
                            "--bridge=none",
                            "--data-root",
                            dir.resolve("data").toString(),
                            "--exec-root",
                            dir.resolve("exec").toString(),
                            "--pidfile",
                            dir.resolve("dockerd.pid").toString(),
                            "-H",
                            "unix://" + dir.resolve("d.sock"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("DOCKER_"));
            builder.environment().putAll(environment);
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException | RuntimeException e) {
            TempDirs.deleteTree(dir);
            throw e;
        }
        DockerDaemon daemon = new DockerDaemon(dir, log, process);
        try {
            daemon.awaitReady();
            return daemon;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            daemon.close();
            throw e;
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        CommandResult last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                unavailable("dockerd exited with " + process.exitValue() + " at start\n" + daemonLog());
            }
            if (Files.exists(dir.resolve("d.sock"))) {
                last = docker(null, Duration.ofSeconds(20), "version", "--format", "{{.Server.Version}}");
                if (last.succeeded()) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        unavailable("dockerd did not answer within " + START_TIMEOUT.toSeconds() + " s"
                + (last == null ? "" : "\n" + last.describe()) + "\n" + daemonLog());
    }

    private static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + "\nCI=true is set, and CI must run the docker test: failing.");
        }
        System.err.println();
        System.err.println("!!!!!!!! SKIPPED: " + why + " (With CI=true this fails instead.)");
        System.err.println();
        Assumptions.abort("SKIPPED: " + why);
    }

    /** The client's config directory ({@code DOCKER_CONFIG}): {@code config.json} holds logins. */
    Path configDir() {
        return config;
    }

    /** A scratch directory for build contexts. */
    Path work() throws IOException {
        return Files.createDirectories(dir.resolve("work"));
    }

    /** Runs the client; fails the test unless it exits 0. {@code stdin} may be null. */
    CommandResult dockerOk(String stdin, String... args) throws IOException, InterruptedException {
        CommandResult result = docker(stdin, COMMAND_TIMEOUT, args);
        if (!result.succeeded()) {
            fail("docker command failed\n" + result.describe() + "\n" + daemonLogTail());
        }
        return result;
    }

    /** Runs the client against this daemon with its own config and returns however it ended. */
    CommandResult docker(String stdin, Duration timeout, String... args) throws IOException, InterruptedException {
        int n = ++commands;
        Path out = dir.resolve("docker-" + n + ".stdout");
        Path err = dir.resolve("docker-" + n + ".stderr");
        List<String> command = new ArrayList<>();
        command.add(DOCKER);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("DOCKER_") || name.equals("BUILDKIT_PROGRESS"));
        env.put("DOCKER_HOST", "unix://" + dir.resolve("d.sock"));
        env.put("DOCKER_CONFIG", config.toString());
        env.put("DOCKER_BUILDKIT", "0");
        env.put("HOME", dir.resolve("home").toString());
        long started = System.nanoTime();
        Process client = builder.start();
        try (OutputStream in = client.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        boolean finished = client.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            client.descendants().forEach(ProcessHandle::destroyForcibly);
            client.destroyForcibly();
            client.waitFor(10, TimeUnit.SECONDS);
        }
        CommandResult result = new CommandResult(
                command,
                finished ? client.exitValue() : -1,
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - started));
        if (!finished) {
            fail("docker timed out after " + timeout.toSeconds() + " s and was killed\n" + result.describe());
        }
        return result;
    }

    String daemonLog() {
        try {
            return "---- dockerd log (" + log + ") ----\n"
                    + (Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "");
        } catch (IOException e) {
            return "(dockerd log unreadable: " + e + ")";
        }
    }

    private String daemonLogTail() {
        String all = daemonLog();
        return all.length() <= 8000 ? all : "[...]" + all.substring(all.length() - 8000);
    }

    /** SIGTERM, a wait, then kill (the daemon's containerd too); unmount leftovers; delete everything. */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("WARNING: dockerd did not stop within " + STOP_TIMEOUT.toSeconds()
                        + " s of SIGTERM; killing it");
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            // A containerd it started may outlive it for a moment.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            unmountLeftovers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (IOException | RuntimeException e) {
            System.err.println("WARNING: cleaning up after dockerd in " + dir + " failed: " + e);
        } finally {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
            TempDirs.deleteTree(dir);
        }
    }

    /** Lazily detaches whatever is still mounted below the directory, deepest first. */
    private void unmountLeftovers() throws IOException, InterruptedException {
        Path mountInfo = Path.of("/proc/self/mountinfo");
        if (!Files.isReadable(mountInfo)) {
            return;
        }
        String prefix = dir + "/";
        List<String> mounted = Files.readAllLines(mountInfo).stream()
                .map(line -> line.split(" "))
                .filter(fields -> fields.length > 4)
                .map(fields -> fields[4].replace("\\040", " "))
                .filter(point -> point.startsWith(prefix))
                .distinct()
                .sorted((a, b) -> b.length() - a.length())
                .toList();
        for (String point : mounted) {
            Process umount = new ProcessBuilder("umount", "-l", point)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(umount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!umount.waitFor(30, TimeUnit.SECONDS) || umount.exitValue() != 0) {
                System.err.println("WARNING: umount -l " + point + " failed: " + output.trim());
            }
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
