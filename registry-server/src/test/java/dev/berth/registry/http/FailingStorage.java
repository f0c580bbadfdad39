package dev.berth.registry.http;

import dev.berth.registry.testing.ForwardingStorage;
import dev.berth.storage.AppendWriter;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import dev.berth.storage.Upload;

/**
 * Another store that fails every call with a {@link StorageException} while {@link #failing} is
 * set (an outage), and every call that writes while {@link #refusingWrites} is (a full or
 * read-only filesystem or bucket), counting those in {@link #refused}.
 */
final class FailingStorage extends ForwardingStorage {
    volatile boolean failing;
    volatile boolean refusingWrites;
    volatile int refused;

    FailingStorage(Storage delegate) {
        super(delegate);
    }

    @Override
    protected Storage target() {
        if (failing) {
            throw new StorageException("injected storage outage");
        }
        return delegate;
    }

    private void write(StoragePath path) {
        if (refusingWrites) {
            refused++;
            throw new StorageException("cannot write " + path + ": Read-only file system");
        }
    }

    @Override
    public void put(StoragePath path, byte[] content) {
        write(path);
        super.put(path, content);
    }

    @Override
    public Upload upload(StoragePath path) {
        return new ForwardingUpload(path) {
            @Override
            public AppendWriter writer() {
                write(path);
                return super.writer();
            }

            @Override
            public void complete(StoragePath target) {
                write(target);
                super.complete(target);
            }

            @Override
            public boolean cancel() {
                write(path);
                return super.cancel();
            }
        };
    }

    @Override
    public void move(StoragePath source, StoragePath target) {
        write(target);
        super.move(source, target);
    }

    @Override
    public boolean delete(StoragePath path) {
        write(path);
        return super.delete(path);
    }

    @Override
    public void deleteAll(StoragePath prefix) {
        write(prefix);
        super.deleteAll(prefix);
    }
}
