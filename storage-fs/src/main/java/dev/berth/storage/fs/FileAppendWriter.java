package dev.berth.storage.fs;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Writes straight into the object's file, opened in append mode; close() is the durability point. */
final class FileAppendWriter implements AppendWriter {

    private final StoragePath path;
    private final FileChannel channel;
    /** The parent whose new entry still needs an fsync, when this writer created the file. */
    private final Path createdIn;
    private long size;
    private boolean released;

    FileAppendWriter(StoragePath path, FileChannel channel, Path createdIn) throws IOException {
        this.path = path;
        this.channel = channel;
        this.createdIn = createdIn;
        this.size = channel.size();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void write(ByteBuffer bytes) {
        if (released) {
            throw new IllegalStateException("writer on " + path + " already released");
        }
        try {
            while (bytes.hasRemaining()) {
                size += channel.write(bytes);
            }
        } catch (IOException e) {
            throw new StorageException("cannot append to " + path, e);
        }
    }

    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        try (channel) {
            channel.force(true);
            if (createdIn != null) {
                Directories.fsync(createdIn);
            }
        } catch (IOException e) {
            throw new StorageException("cannot make appended bytes of " + path + " durable", e);
        }
    }

    @Override
    public void abandon() {
        if (released) {
            return;
        }
        released = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new StorageException("cannot release writer on " + path, e);
        }
    }
}
