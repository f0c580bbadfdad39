package dev.berth.storage;

import java.nio.ByteBuffer;

/**
 * Appends bytes to one upload, see {@link Upload#writer}. Not thread-safe: one writer serves one
 * request at a time. Once released by {@link #close()} or {@link #abandon()}, further calls to
 * either do nothing, so a failure handler may abandon a writer whose close failed; {@link #write}
 * then throws {@link IllegalStateException}.
 */
public interface AppendWriter extends AutoCloseable {

    /** Size of the upload including everything written through this writer so far. */
    long size();

    /** Appends all remaining bytes of {@code bytes}. */
    void write(ByteBuffer bytes);

    /**
     * Appends all remaining bytes of each of {@code bytes}, in order; a driver that can write them
     * with one gathering write does.
     */
    default void write(ByteBuffer[] bytes) {
        for (ByteBuffer b : bytes) {
            write(b);
        }
    }

    /** Makes everything written so far durable, and releases the writer. */
    @Override
    void close();

    /**
     * Releases the writer and drops what was written through it: the upload is left as it was when
     * the writer opened. Used when a request fails part-way, so that the upload's size and the
     * bytes a client was told about stay in step.
     */
    void abandon();
}
