package dev.berth.registry.http.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One satisfiable byte range of a {@code Range: bytes=…} request header (RFC 9110). */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    /** Outcome of reading a Range header against a representation of {@code size} bytes. */
    sealed interface Outcome permits Whole, Partial, Unsatisfiable {}

    record Whole() implements Outcome {}

    record Partial(ByteRange range) implements Outcome {}

    record Unsatisfiable() implements Outcome {}

    /**
     * A missing, malformed or multi-range header means the whole content (servers may ignore
     * Range); a well-formed range that misses the content, or whose last byte comes before its
     * first ({@code bytes=500-0}), is unsatisfiable.
     */
    static Outcome parse(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new Whole();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    return new Unsatisfiable();
                }
                return new Partial(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            boolean open = m.group(2).isEmpty();
            if (!open && Long.parseLong(m.group(2)) < first) {
                return new Unsatisfiable();
            }
            if (first >= size) {
                return new Unsatisfiable();
            }
            long last = open ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            return new Partial(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return new Whole();
        }
    }
}
