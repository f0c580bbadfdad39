package dev.berth.registry.content;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A request body that arrives in chunks. The HTTP layer implements it so that bytes are read from
 * the network only while little enough waits to be handed on (backpressure).
 */
@FunctionalInterface
public interface ChunkSource {
    ChunkSource EMPTY = sink -> {};

    /**
     * Hands every remaining byte to {@code sink}, in order, a batch of buffers at a time: whatever
     * arrived while the previous batch was being handled, so that a sink can write it with one
     * gathering write. The buffers are valid only during the call.
     *
     * @throws java.io.UncheckedIOException when the client goes away or stalls
     */
    void forEachBatch(Consumer<ByteBuffer[]> sink);

    /**
     * Any thread: makes {@link #forEachBatch}, running or still to come, fail soon with an
     * {@link java.io.UncheckedIOException} instead of waiting for the rest of the body, which is
     * then never read. A source that cannot stall need not do anything.
     */
    default void cancel() {}
}
