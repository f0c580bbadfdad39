package dev.berth.registry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a test's directory: a real filesystem that can be filled to 100 % or
 * remounted read-only, which no permission bit does for root. Mounting needs root (or
 * CAP_SYS_ADMIN); without it the test fails when run in CI ({@code CI=true}) and is skipped, with a
 * message on standard error, when run by hand.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (as {@code mount -o size=}, e.g. {@code 8m}) on the existing {@code dir}. */
    public static Tmpfs mount(Path dir, String size) {
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        if (failure != null) {
            String message = "cannot mount a tmpfs for this test (" + failure + "); it needs root";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + ", and CI=true: the test must run here");
            }
            System.err.println("*** SKIPPED: " + message + " ***");
            Assumptions.abort(message);
        }
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    public void remountReadOnly() {
        String failure = run("mount", "-o", "remount,ro", dir.toString());
        if (failure != null) {
            Assertions.fail("cannot remount " + dir + " read-only: " + failure);
        }
    }

    @Override
    public void close() {
        if (run("umount", dir.toString()) != null) {
            run("umount", "-l", dir.toString());
        }
    }

    /** Runs a command; null when it succeeded, else what went wrong. */
    private static String run(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", args) + " timed out";
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? null : String.join(" ", args) + ": exit " + p.exitValue() + " " + output;
        } catch (IOException e) {
            return String.join(" ", args) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
