package dev.berth.registry.testing;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import dev.berth.storage.Upload;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A store that counts the calls made to it by method name, those on an upload handle as
 * {@code upload.size} and so on, closing and abandoning an upload writer included (on S3 each is
 * at least one request); byte writes into a writer are not counted.
 */
public final class CountingStorage extends ForwardingStorage {
    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
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
        StackWalker.StackFrame caller =
                STACK.walk(frames -> frames.skip(1).findFirst().orElseThrow());
        boolean onUpload = Upload.class.isAssignableFrom(caller.getDeclaringClass());
        count((onUpload ? "upload." : "") + caller.getMethodName());
        return delegate;
    }

    private synchronized void count(String method) {
        counts.merge(method, 1L, Long::sum);
    }

    @Override
    public Upload upload(StoragePath path) {
        return new ForwardingUpload(path) {
            @Override
            public AppendWriter writer() {
                return counted(super.writer());
            }

            @Override
            public Optional<AppendWriter> existingWriter() {
                return super.existingWriter().map(CountingStorage.this::counted);
            }
        };
    }

    private AppendWriter counted(AppendWriter writer) {
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
