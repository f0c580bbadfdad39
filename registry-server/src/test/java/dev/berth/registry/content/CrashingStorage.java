package dev.berth.registry.content;

import dev.berth.registry.testing.ForwardingStorage;
import dev.berth.storage.AppendWriter;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import dev.berth.storage.Upload;
import java.nio.ByteBuffer;

/**
 * A store whose process "dies" at a chosen call: once {@link #dieAtCall} is armed, the Nth storage
 * call from then on (a store method, or closing or abandoning an upload writer) throws instead of
 * running, and so does every call after it. What the store holds is then exactly what a process
 * killed before that call would leave. Byte writes into an open writer are not counted: dying in
 * the middle of a body is dying before its commit.
 */
public final class CrashingStorage extends ForwardingStorage {
    private long countdown = Long.MAX_VALUE;
    private long calls;
    private boolean dead;

    public CrashingStorage(Storage delegate) {
        super(delegate);
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

    @Override
    protected synchronized Storage target() {
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
    public Upload upload(StoragePath path) {
        return new ForwardingUpload(path) {
            @Override
            public AppendWriter writer() {
                return crashing(super.writer());
            }
        };
    }

    private AppendWriter crashing(AppendWriter writer) {
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
                target();
                writer.close();
            }

            @Override
            public void abandon() {
                target();
                writer.abandon();
            }
        };
    }
}
