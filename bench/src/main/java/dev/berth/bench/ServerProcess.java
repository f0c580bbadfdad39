package dev.berth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server the benchmark started: its process id (for {@link Proc}), its port, and how long it took
 * from the process being started to its first {@code 200} on {@code /v2/}, polled every 2 ms.
 */
final class ServerProcess implements AutoCloseable {
    private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final Process process;
    private final int port;
    private final double startupSeconds;

    private ServerProcess(Process process, int port, double startupSeconds) {
        this.process = process;
        this.port = port;
        this.startupSeconds = startupSeconds;
    }

    /** Starts {@code command}, its output going to {@code log}, and waits for {@code /v2/} on {@code port}. */
    static ServerProcess start(String name, List<String> command, int port, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Servers reach S3 over plain HTTP here; distribution's AWS SDK refuses to start at all when a CA
        // bundle is named for its custom transport.
        builder.environment().remove("AWS_CA_BUNDLE");
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        while (!answers200(port)) {
            if (!process.isAlive() || System.nanoTime() - started > READY_TIMEOUT_NANOS) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not answer /v2/ on port " + port + "; its log:\n"
                        + tail(log));
            }
            sleep(2);
        }
        return new ServerProcess(process, port, (System.nanoTime() - started) / 1e9);
    }

    /** A port nothing listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    double startupSeconds() {
        return startupSeconds;
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean answers200(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v2/ HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] status = in.readNBytes(12);
            return new String(status, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
