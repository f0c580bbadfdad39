package dev.berth.registry.content;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.ListPage;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A store whose process "dies" at a chosen call: once {@link #dieAtCall} is armed, the Nth storage
 * call from then on (a store method, or closing or abandoning an upload writer) throws instead of
 * running, and so does every call after it. What the store holds is then exactly what a process
 * killed before that call would leave. Byte writes into an open writer are not counted: dying in
 * the middle of a body is dying before its commit.
 */
public final class CrashingStorage implements Storage {
    private final Storage delegate;
    private long countdown = Long.MAX_VALUE;
    private long calls;
    private boolean dead;

    public CrashingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    /** From now on, the {@code n}th call dies (1 is the very next one). */
    public synchronized void dieAtCall(long n) {
        countdown = n;
        calls = 0;
    }

    /** Calls made since {@link #dieAtCall} was armed. */
    public synchronized long calls() {
        return calls;
    }

    public synchronized boolean dead() {
        return dead;
    }

    private synchronized Storage call() {
        if (!dead) {
            calls++;
            dead = calls >= countdown;
        }
        if (dead) {
            throw new StorageException("injected crash: the process is dead");
        }
        return delegate;
    }

    @Override
    public Optional<ObjectInfo> stat(StoragePath path) {
        return call().stat(path);
    }

    @Override
    public InputStream read(StoragePath path, long offset) {
        return call().read(path, offset);
    }

    @Override
    public void put(StoragePath path, byte[] content) {
        call().put(path, content);
    }

    @Override
    public AppendWriter openUpload(StoragePath path) {
        AppendWriter writer = call().openUpload(path);
        return new AppendWriter() {
            @Override
            public long size() {
                return writer.size();
            }

            @Override
            public void write(ByteBuffer bytes) {
                if (dead()) {
                    throw new StorageException("injected crash: the process is dead");
                }
                writer.write(bytes);
            }

            @Override
            public void close() {
                call();
                writer.close();
            }

            @Override
            public void abandon() {
                call();
                writer.abandon();
            }
        };
    }

    @Override
    public OptionalLong uploadSize(StoragePath path) {
        return call().uploadSize(path);
    }

    @Override
    public void completeUpload(StoragePath path, StoragePath target) {
        call().completeUpload(path, target);
    }

    @Override
    public boolean abortUpload(StoragePath path) {
        return call().abortUpload(path);
    }

    @Override
    public void move(StoragePath source, StoragePath target) {
        call().move(source, target);
    }

    @Override
    public boolean delete(StoragePath path) {
        return call().delete(path);
    }

    @Override
    public void deleteAll(StoragePath prefix) {
        call().deleteAll(prefix);
    }

    @Override
    public ListPage list(StoragePath directory, String startAfter, int limit) {
        return call().list(directory, startAfter, limit);
    }

    @Override
    public void walk(StoragePath prefix, Consumer<ObjectInfo> visitor) {
        call().walk(prefix, visitor);
    }

    @Override
    public int purgeLeftovers(Duration olderThan) {
        return call().purgeLeftovers(olderThan);
    }
}
