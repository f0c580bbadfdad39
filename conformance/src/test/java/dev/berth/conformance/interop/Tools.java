package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real clients on the PATH. A missing client skips the test loudly (a line on stderr and
 * the reason in the skip), except with {@code CI=true}: CI installs the clients, so there a missing
 * one is a failure rather than a silently shrinking suite.
 */
public final class Tools {

    private static final Map<String, Optional<Path>> FOUND = new ConcurrentHashMap<>();

    private Tools() {}

    /** The skopeo executable, or the test is skipped (failed on CI). */
    public static Path skopeo() {
        return require("skopeo");
    }

    /** The podman executable, or the test is skipped (failed on CI). */
    public static Path podman() {
        return require("podman");
    }

    static Path require(String name) {
        Optional<Path> found = FOUND.computeIfAbsent(name, Tools::onPath);
        if (found.isPresent()) {
            return found.get();
        }
        String message = name + " is not on the PATH, so this interop test cannot run. Install it (Debian/Ubuntu: "
                + "apt-get install " + name + ") to run it here.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return fail(message + " CI=true is set, and CI must install the interop clients: failing.");
        }
        System.err.println();
        System.err.println("!!!!!!!! SKIPPED: " + message + " (With CI=true this fails instead.)");
        System.err.println();
        Assumptions.abort("SKIPPED: " + message);
        throw new AssertionError("Assumptions.abort returned");
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
