package dev.berth.storage.fs;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Appends to one upload through a file channel; close() makes the bytes durable and then commits
 * them, abandon() drops them. How depends on whether the upload was there when the writer opened:
 * {@link #existing} appends to the upload's file and commits by recording the new size
 * ({@link UploadSizes}), so that until then the bytes are on their way and not counted;
 * {@link #fresh} writes a file of its own that close() puts in place whole.
 */
final class FileAppendWriter implements AppendWriter {

    /** What close() and abandon() do with the bytes written. */
    interface Ending {
        /**
         * Commits the bytes: the upload had {@code sizeAtOpen} and has {@code size} now. The channel
         * is forced and closed.
         */
        void commit(long sizeAtOpen, long size) throws IOException;

        /** Drops what was written since the writer opened, durably; the channel is still open. */
        void drop(FileChannel channel, long sizeAtOpen) throws IOException;

        /** Runs once, before the first byte is written. */
        default void beforeFirstWrite() throws IOException {}
    }

    private final StoragePath path;
    private final FileChannel channel;
    private final Ending ending;
    private final EarlyWriteback writeback;
    private final long sizeAtOpen;
    private long size;
    private boolean written;
    private boolean released;

    private FileAppendWriter(StoragePath path, FileChannel channel, Ending ending) throws IOException {
        this.path = path;
        this.channel = channel;
        this.ending = ending;
        this.writeback = new EarlyWriteback(channel);
        this.sizeAtOpen = channel.size();
        this.size = sizeAtOpen;
    }

    /**
     * A writer appending to the upload's own file, positioned at its committed end: close() records
     * the new size once the bytes are durable; abandon() truncates the file back to its size at open,
     * which is exact because callers never run two writers on one upload at a time. A file without
     * a size record ({@code recorded} false) gets one before the first byte is appended.
     */
    static FileAppendWriter existing(
            StoragePath path, FileChannel channel, Path file, UploadSizes sizes, boolean recorded) throws IOException {
        long committed = channel.size();
        return new FileAppendWriter(path, channel, new Ending() {
            @Override
            public void beforeFirstWrite() throws IOException {
                if (!recorded) {
                    // Without a record the whole file counts: record what it holds before it grows.
                    channel.force(true);
                    sizes.commit(file, committed);
                }
            }

            @Override
            public void commit(long sizeAtOpen, long size) throws IOException {
                if (size != sizeAtOpen) {
                    sizes.commit(file, size);
                }
            }

            @Override
            public void drop(FileChannel channel, long sizeAtOpen) throws IOException {
                if (channel.size() != sizeAtOpen) {
                    // Durable too: a crash must not bring back bytes the client was told are not there.
                    channel.truncate(sizeAtOpen);
                    channel.force(true);
                }
            }
        });
    }

    /** A writer on a new, empty file that {@code ending} puts in place or removes. */
    static FileAppendWriter fresh(StoragePath path, FileChannel channel, Ending ending) throws IOException {
        return new FileAppendWriter(path, channel, ending);
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
            startWriting();
            long before = size;
            while (bytes.hasRemaining()) {
                size += channel.write(bytes);
            }
            writeback.written(size - before);
        } catch (IOException e) {
            throw new StorageException("cannot append to upload " + path, e);
        }
    }

    @Override
    public void write(ByteBuffer[] bytes) {
        if (released) {
            throw new IllegalStateException("writer on upload " + path + " already released");
        }
        long remaining = 0;
        for (ByteBuffer b : bytes) {
            remaining += b.remaining();
        }
        try {
            startWriting();
            while (remaining > 0) {
                long n = channel.write(bytes);
                size += n;
                remaining -= n;
                writeback.written(n);
            }
        } catch (IOException e) {
            throw new StorageException("cannot append to upload " + path, e);
        }
    }

    private void startWriting() throws IOException {
        if (!written) {
            written = true;
            ending.beforeFirstWrite();
        }
    }

    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            try (channel) {
                writeback.finish();
                channel.force(true);
            }
            ending.commit(sizeAtOpen, size);
        } catch (IOException e) {
            throw new StorageException("cannot make bytes of upload " + path + " durable", e);
        }
    }

    /** Before dropping the bytes: a failed background fsync of bytes about to go changes nothing. */
    private void finishWriteback() {
        try {
            writeback.finish();
        } catch (IOException | RuntimeException e) {
            // Those bytes are dropped now.
        }
    }

    @Override
    public void abandon() {
        if (released) {
            return;
        }
        released = true;
        try (channel) {
            finishWriteback();
            ending.drop(channel, sizeAtOpen);
        } catch (IOException e) {
            throw new StorageException("cannot drop bytes written to upload " + path, e);
        }
    }
}
