package dev.berth.registry.http;

/** The {@code Range} header value of an upload holding {@code size} bytes. */
final class UploadRange {
    private UploadRange() {}

    /** {@code 0-<last byte>}; an empty upload answers {@code 0-0}, as Docker's clients expect. */
    static String of(long size) {
        return "0-" + Math.max(0, size - 1);
    }
}
