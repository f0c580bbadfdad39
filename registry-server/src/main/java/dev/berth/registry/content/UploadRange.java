package dev.berth.registry.content;

/** The {@code Range} header value of an upload holding {@code size} bytes. */
public final class UploadRange {
    private UploadRange() {}

    /** {@code 0-<last byte>}; an empty upload answers {@code 0-0}, as Docker's clients expect. */
    public static String of(long size) {
        return "0-" + Math.max(0, size - 1);
    }
}
