package dev.berth.registry.metrics;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.ListPage;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import dev.berth.storage.Upload;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A driver whose every call is timed by operation and outcome ({@link StorageMeters}), the driver
 * named by its location scheme ({@code file}, {@code s3}). The calls themselves are passed on
 * unchanged, zero-copy channels and presigned URLs included. A read is timed until its stream is
 * open, not while the caller reads it; a walk's time includes the visitor's, and an exception the
 * visitor throws is not counted as a storage error.
 */
public final class MeteredStorage implements Storage {
    private final Storage delegate;
    private final StorageMeters meters;

    private MeteredStorage(Storage delegate, StorageMeters meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    public static Storage wrap(Storage delegate, String driver, MeterRegistry registry) {
        return new MeteredStorage(delegate, new StorageMeters(registry, driver));
    }

    private <T> T timed(StorageOperation op, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            T result = call.get();
            meters.success(op, start);
            return result;
        } catch (RuntimeException e) {
            meters.failure(op, start, e);
            throw e;
        }
    }

    private void timed(StorageOperation op, Runnable call) {
        timed(op, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public Optional<ObjectInfo> stat(StoragePath path) {
        return timed(StorageOperation.STAT, () -> delegate.stat(path));
    }

    @Override
    public InputStream read(StoragePath path, long offset) {
        return timed(StorageOperation.READ, () -> delegate.read(path, offset));
    }

    @Override
    public Optional<FileChannel> openChannel(StoragePath path) {
        return timed(StorageOperation.OPEN_CHANNEL, () -> delegate.openChannel(path));
    }

    @Override
    public Optional<URI> presignedGet(StoragePath path) {
        return timed(StorageOperation.PRESIGNED_GET, () -> delegate.presignedGet(path));
    }

    @Override
    public byte[] readAll(StoragePath path) {
        return timed(StorageOperation.READ_ALL, () -> delegate.readAll(path));
    }

    @Override
    public void put(StoragePath path, byte[] content) {
        timed(StorageOperation.PUT, () -> delegate.put(path, content));
    }

    @Override
    public void putUnsynced(StoragePath path, byte[] content) {
        timed(StorageOperation.PUT, () -> delegate.putUnsynced(path, content));
    }

    @Override
    public Upload upload(StoragePath path) {
        return new MeteredUpload(delegate.upload(path));
    }

    @Override
    public void move(StoragePath source, StoragePath target) {
        timed(StorageOperation.MOVE, () -> delegate.move(source, target));
    }

    @Override
    public boolean delete(StoragePath path) {
        return timed(StorageOperation.DELETE, () -> delegate.delete(path));
    }

    @Override
    public void deleteAll(StoragePath prefix) {
        timed(StorageOperation.DELETE_ALL, () -> delegate.deleteAll(prefix));
    }

    @Override
    public void deleteAllUnsynced(StoragePath prefix) {
        timed(StorageOperation.DELETE_ALL, () -> delegate.deleteAllUnsynced(prefix));
    }

    @Override
    public ListPage list(StoragePath directory, String startAfter, int limit) {
        return timed(StorageOperation.LIST, () -> delegate.list(directory, startAfter, limit));
    }

    @Override
    public void walk(StoragePath prefix, Consumer<ObjectInfo> visitor) {
        RuntimeException[] thrown = new RuntimeException[1];
        long start = System.nanoTime();
        try {
            delegate.walk(prefix, info -> {
                try {
                    visitor.accept(info);
                } catch (RuntimeException e) {
                    thrown[0] = e;
                    throw e;
                }
            });
            meters.success(StorageOperation.WALK, start);
        } catch (RuntimeException e) {
            if (e == thrown[0]) {
                meters.success(StorageOperation.WALK, start);
            } else {
                meters.failure(StorageOperation.WALK, start, e);
            }
            throw e;
        }
    }

    @Override
    public int purgeLeftovers(Duration olderThan) {
        return timed(StorageOperation.PURGE_LEFTOVERS, () -> delegate.purgeLeftovers(olderThan));
    }

    @Override
    public void close() {
        delegate.close();
    }

    private final class MeteredUpload implements Upload {
        private final Upload upload;

        MeteredUpload(Upload upload) {
            this.upload = upload;
        }

        @Override
        public OptionalLong size() {
            return timed(StorageOperation.UPLOAD_SIZE, upload::size);
        }

        @Override
        public AppendWriter writer() {
            return new MeteredWriter(timed(StorageOperation.UPLOAD_OPEN, upload::writer));
        }

        @Override
        public Optional<AppendWriter> existingWriter() {
            return timed(StorageOperation.UPLOAD_OPEN, upload::existingWriter).map(MeteredWriter::new);
        }

        @Override
        public void complete(StoragePath target) {
            timed(StorageOperation.UPLOAD_COMPLETE, () -> upload.complete(target));
        }

        @Override
        public boolean cancel() {
            return timed(StorageOperation.UPLOAD_CANCEL, upload::cancel);
        }
    }

    private final class MeteredWriter implements AppendWriter {
        private final AppendWriter writer;

        MeteredWriter(AppendWriter writer) {
            this.writer = writer;
        }

        @Override
        public long size() {
            return writer.size();
        }

        @Override
        public void write(ByteBuffer bytes) {
            timed(StorageOperation.UPLOAD_WRITE, () -> writer.write(bytes));
        }

        @Override
        public void close() {
            timed(StorageOperation.UPLOAD_CLOSE, writer::close);
        }

        @Override
        public void abandon() {
            timed(StorageOperation.UPLOAD_ABANDON, writer::abandon);
        }
    }
}
