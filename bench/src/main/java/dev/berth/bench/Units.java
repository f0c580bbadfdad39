package dev.berth.bench;

/** Sizes written the way people read them. */
final class Units {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final long GIB = 1024 * MIB;

    private Units() {}

    /** {@code 1 GiB}, {@code 16 MiB}, {@code 4 KiB}, or bytes when not a whole multiple. */
    static String size(long bytes) {
        if (bytes >= GIB && bytes % GIB == 0) {
            return bytes / GIB + " GiB";
        }
        if (bytes >= MIB && bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        if (bytes >= KIB && bytes % KIB == 0) {
            return bytes / KIB + " KiB";
        }
        return bytes + " B";
    }

    /** Megabytes (10^6 bytes) per second. */
    static double megabytesPerSecond(long bytes, double seconds) {
        return bytes / 1e6 / seconds;
    }
}
