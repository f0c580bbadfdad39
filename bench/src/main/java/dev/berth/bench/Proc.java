package dev.berth.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time and memory, read from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}. */
final class Proc {
    /** Clock ticks per second of {@code /proc/<pid>/stat} ({@code getconf CLK_TCK}); bench/run passes it. */
    private static final double TICKS = Double.parseDouble(System.getProperty("bench.clk-tck", "100"));

    private Proc() {}

    static long self() {
        return ProcessHandle.current().pid();
    }

    /** User plus system CPU seconds of every thread of the process so far. */
    static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may hold spaces; fields 14 and 15 count from the one after it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
    }

    /** Resident set size now, in KiB ({@code VmRSS}). */
    static long rssKiB(long pid) {
        return statusKiB(pid, "VmRSS:");
    }

    /** The highest resident set size the process has had, in KiB ({@code VmHWM}). */
    static long peakRssKiB(long pid) {
        return statusKiB(pid, "VmHWM:");
    }

    private static long statusKiB(long pid, String field) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException("no " + field + " for process " + pid);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
