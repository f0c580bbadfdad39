package dev.berth.registry.testing;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * A store that counts the calls made to it by method name, closing and abandoning an upload
 * writer included (on S3 each is at least one request); byte writes into a writer are not counted.
 */
public final class CountingStorage extends ForwardingStorage {
    private static final StackWalker STACK = StackWalker.getInstance();
    private final Map<String, Long> counts = new TreeMap<>();

    public CountingStorage(Storage delegate) {
        super(delegate);
    }

    /** The calls since the last reset, by method, in alphabetical order. */
    public synchronized Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }

    public synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized void reset() {
        counts.clear();
    }

    @Override
    protected Storage target() {
        // The frame above this one is the forwarding method: its name is the call's.
        count(STACK.walk(frames -> frames.skip(1).findFirst().orElseThrow().getMethodName()));
        return delegate;
    }

    private synchronized void count(String method) {
        counts.merge(method, 1L, Long::sum);
    }

    @Override
    public AppendWriter openUpload(StoragePath path) {
        AppendWriter writer = target().openUpload(path);
        return new AppendWriter() {
            @Override
            public long size() {
                return writer.size();
            }

            @Override
            public void write(ByteBuffer bytes) {
                writer.write(bytes);
            }

            @Override
            public void close() {
                count("writer.close");
                writer.close();
            }

            @Override
            public void abandon() {
                count("writer.abandon");
                writer.abandon();
            }
        };
    }
}
