package dev.berth.registry.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts as people write and read them: {@code 10GiB}, {@code 500 MB}, {@code 1.5TiB},
 * {@code 1048576}. Units ending in {@code iB} are powers of 1024, the others of 1000; case and a
 * space before the unit do not matter.
 */
public final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([a-zA-Z]*)");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L),
            Map.entry("b", 1L),
            Map.entry("kb", 1000L),
            Map.entry("mb", 1000L * 1000),
            Map.entry("gb", 1000L * 1000 * 1000),
            Map.entry("tb", 1000L * 1000 * 1000 * 1000),
            Map.entry("pb", 1000L * 1000 * 1000 * 1000 * 1000),
            Map.entry("kib", 1L << 10),
            Map.entry("mib", 1L << 20),
            Map.entry("gib", 1L << 30),
            Map.entry("tib", 1L << 40),
            Map.entry("pib", 1L << 50));
    private static final String[] BINARY = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final String[] DECIMAL = {"KB", "MB", "GB", "TB", "PB", "EB"};

    private ByteSizes() {}

    /**
     * The number of bytes {@code text} stands for, rounded down to a whole byte.
     *
     * @throws IllegalArgumentException (one line, naming the text) when it is not a size or does
     *     not fit in a {@code long}
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim());
        Long unit = m.matches() ? UNITS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
        if (unit == null) {
            throw new IllegalArgumentException("'" + text + "' is not a size (write e.g. 500MB, 10GiB or 1048576)");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return bytes.longValue();
    }

    /**
     * {@code n} for people: in whole units when it is an exact multiple of one ({@code 10 GiB},
     * {@code 500 MB}), else to a tenth of a binary unit ({@code 1.5 KiB}, {@code 12.3 MiB});
     * below 1024, in bytes ({@code 512 B}).
     */
    public static String format(long n) {
        if (n < 1024) {
            return n + " B";
        }
        for (int unit = BINARY.length - 1; unit >= 0; unit--) {
            long binary = 1L << (10 * (unit + 1));
            if (n % binary == 0) {
                return n / binary + " " + BINARY[unit];
            }
        }
        for (int unit = DECIMAL.length - 1; unit >= 0; unit--) {
            long decimal = BigDecimal.TEN.pow(3 * (unit + 1)).longValue();
            if (n >= decimal && n % decimal == 0) {
                return n / decimal + " " + DECIMAL[unit];
            }
        }
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < BINARY.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BINARY[unit]);
    }
}
