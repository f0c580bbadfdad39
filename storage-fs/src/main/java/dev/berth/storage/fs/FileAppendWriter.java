package dev.berth.storage.fs;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Writes straight into the upload's file, opened in append mode; close() makes the bytes durable
 * and then commits them by recording the new size ({@link UploadSizes}). Until then the bytes are
 * on their way and not counted. Abandoning truncates the file back to its size when the writer
 * opened, which is exact because callers never run two writers on one upload at a time.
 */
final class FileAppendWriter implements AppendWriter {

    private final StoragePath path;
    private final FileChannel channel;
    /** The parent whose new entry still needs an fsync, when this writer created the file. */
    private final Path createdIn;

    private final Path file;
    private final UploadSizes sizes;
    private final long sizeAtOpen;
    private long size;
    private boolean released;

    /** A writer on {@code channel}, positioned at the upload's committed end. */
    FileAppendWriter(StoragePath path, FileChannel channel, Path createdIn, Path file, UploadSizes sizes)
            throws IOException {
        this.path = path;
        this.channel = channel;
        this.createdIn = createdIn;
        this.file = file;
        this.sizes = sizes;
        this.sizeAtOpen = channel.size();
        this.size = sizeAtOpen;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void write(ByteBuffer bytes) {
        if (released) {
            throw new IllegalStateException("writer on upload " + path + " already released");
        }
        try {
            while (bytes.hasRemaining()) {
                size += channel.write(bytes);
            }
        } catch (IOException e) {
            throw new StorageException("cannot append to upload " + path, e);
        }
    }

    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        try (channel) {
            makeDurable();
            if (size != sizeAtOpen) {
                sizes.commit(file, size);
            }
        } catch (IOException e) {
            throw new StorageException("cannot make bytes of upload " + path + " durable", e);
        }
    }

    @Override
    public void abandon() {
        if (released) {
            return;
        }
        released = true;
        try (channel) {
            // Durable too: a crash must not bring back bytes the client was told are not there.
            channel.truncate(sizeAtOpen);
            makeDurable();
        } catch (IOException e) {
            throw new StorageException("cannot drop bytes written to upload " + path, e);
        }
    }

    private void makeDurable() throws IOException {
        channel.force(true);
        if (createdIn != null) {
            Directories.fsync(createdIn);
        }
    }
}
