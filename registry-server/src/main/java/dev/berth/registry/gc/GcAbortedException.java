package dev.berth.registry.gc;

/**
 * A collection stopped part-way: it was cancelled, lost its lease, or met a manifest it could not
 * read. What it deleted before stopping was garbage; what it had not reached yet is left for the
 * next run.
 */
public final class GcAbortedException extends IllegalStateException {
    GcAbortedException(String message) {
        super(message);
    }

    GcAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
