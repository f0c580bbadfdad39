package dev.berth.registry.content;

import java.nio.ByteBuffer;

/** Request bodies for tests. */
final class ChunkSources {
    private ChunkSources() {}

    static ChunkSource of(byte[]... chunks) {
        return sink -> {
            for (byte[] c : chunks) {
                sink.accept(new ByteBuffer[] {ByteBuffer.wrap(c)});
            }
        };
    }
}
