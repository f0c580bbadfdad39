package dev.berth.conformance.interop;

import java.time.Duration;
import java.util.List;

/** A finished client command: what ran, how it ended, everything it printed. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr, Duration took) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The whole run, for assertion messages. */
    public String describe() {
        return "$ " + String.join(" ", command) + "\n"
                + "exit " + exitCode + " after " + took.toMillis() + " ms\n"
                + "---- stdout ----\n" + stdout + (stdout.endsWith("\n") || stdout.isEmpty() ? "" : "\n")
                + "---- stderr ----\n" + stderr;
    }
}
