package dev.berth.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** What the reference servers say their versions are. */
final class Versions {
    private Versions() {}

    static String distribution(Path binary) {
        return output(binary.toString(), "--version");
    }

    static String nginx(Path binary) {
        return output(binary.toString(), "-v").replace("nginx version: ", "");
    }

    private static String output(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return text.lines().findFirst().orElse("?");
        } catch (IOException e) {
            return "? (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
