package dev.berth.storage.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes an upload's bytes to disk while more are still arriving. An upload's writer fsyncs when
 * it closes, and a file whose bytes all wait in the page cache until then makes that one fsync as
 * long as writing the whole file to disk: the client waits for its answer meanwhile. Every
 * {@link #EVERY} bytes written, a background thread fsyncs the channel, so that close() finds
 * little left to write. At most one such fsync per writer runs at a time; what one of them fails
 * with is thrown by {@link #finish()}, because the kernel reports a failed write-back to one
 * fsync only.
 */
final class EarlyWriteback {
    /** Bytes written between background fsyncs. */
    static final long EVERY = 8L << 20;

    private static final ExecutorService FSYNCS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "berth-fs-writeback");
        thread.setDaemon(true);
        return thread;
    });

    private final FileChannel channel;
    private long unsynced;
    private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

    EarlyWriteback(FileChannel channel) {
        this.channel = channel;
    }

    /** The writer appended {@code bytes} more. */
    void written(long bytes) {
        unsynced += bytes;
        if (unsynced >= EVERY && running.isDone()) {
            unsynced = 0;
            running = CompletableFuture.runAsync(this::fsync, FSYNCS);
        }
    }

    /** Waits for the background fsync, if one runs; throws what the last one failed with. */
    void finish() throws IOException {
        try {
            running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        }
    }

    private void fsync() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
