package dev.berth.storage;

import java.nio.ByteBuffer;

/**
 * Appends bytes to one object, see {@link Storage#append}. Not thread-safe: one writer serves one
 * request at a time. Once released by {@link #close()} or {@link #abandon()}, further calls to
 * either do nothing, so a failure handler may abandon a writer whose close failed; {@link #write}
 * then throws {@link IllegalStateException}.
 */
public interface AppendWriter extends AutoCloseable {

    /** Size of the object including everything written through this writer so far. */
    long size();

    /** Appends all remaining bytes of {@code bytes}. */
    void write(ByteBuffer bytes);

    /** Makes everything written so far durable and visible, and releases the writer. */
    @Override
    void close();

    /**
     * Releases the writer without promising that bytes written through it since it was opened are
     * kept (they may or may not be). Used when a request fails part-way.
     */
    void abandon();
}
