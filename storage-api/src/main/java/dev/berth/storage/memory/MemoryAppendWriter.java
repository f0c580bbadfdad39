package dev.berth.storage.memory;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.StoragePath;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Buffers appended bytes and adds them to the upload in one step on close, so abandoning only drops
 * the buffer and leaves the upload as it was when the writer opened.
 */
final class MemoryAppendWriter implements AppendWriter {

    private final InMemoryStorage storage;
    private final StoragePath path;
    private final long initialSize;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean released;

    MemoryAppendWriter(InMemoryStorage storage, StoragePath path, long initialSize) {
        this.storage = storage;
        this.path = path;
        this.initialSize = initialSize;
    }

    @Override
    public long size() {
        return initialSize + pending.size();
    }

    @Override
    public void write(ByteBuffer bytes) {
        if (released) {
            throw new IllegalStateException("writer on upload " + path + " already released");
        }
        byte[] chunk = new byte[bytes.remaining()];
        bytes.get(chunk);
        pending.writeBytes(chunk);
    }

    @Override
    public void close() {
        if (!released) {
            released = true;
            storage.commitUpload(path, pending.toByteArray());
        }
    }

    @Override
    public void abandon() {
        released = true;
    }
}
