package dev.berth.registry.logging;

/**
 * Makes untrusted text safe for a log line. A client must not be able to end a line and write a
 * forged one (newline, carriage return), drive a terminal (ESC), cut a line short for some readers
 * (NUL), or reorder what a reader sees (Unicode line separators and bidirectional controls). Such
 * characters, and backslash itself so that the result reads back unambiguously, are written as
 * escapes ({@code \n}, {@code \u001b}); long text is cut.
 */
public final class LogText {
    /** Longer text is cut here; no legitimate path, name or header field comes close. */
    static final int MAX_CHARS = 1024;

    private LogText() {}

    /** {@code value} as one safe run of printable text; {@code null} as {@code null}. */
    public static String escape(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 16);
        int end = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (unsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (text.length() > MAX_CHARS) {
            out.append("…(").append(text.length() - MAX_CHARS).append(" more)");
        }
        return out.toString();
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c)
                || c == '\u2028'
                || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e'
                || c == '\u200f'
                || c == '\u061c';
    }
}
