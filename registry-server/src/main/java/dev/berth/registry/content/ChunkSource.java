package dev.berth.registry.content;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A request body that arrives in chunks. The HTTP layer implements it so that the next chunk is
 * read from the network only after the previous one was handed on (backpressure).
 */
@FunctionalInterface
public interface ChunkSource {
    ChunkSource EMPTY = sink -> {};

    /**
     * Hands every remaining chunk to {@code sink}, in order; a buffer is valid only during the call.
     *
     * @throws java.io.UncheckedIOException when the client goes away or stalls
     */
    void forEachChunk(Consumer<ByteBuffer> sink);

    /**
     * Any thread: makes {@link #forEachChunk}, running or still to come, fail soon with an
     * {@link java.io.UncheckedIOException} instead of waiting for the rest of the body, which is
     * then never read. A source that cannot stall need not do anything.
     */
    default void cancel() {}
}
