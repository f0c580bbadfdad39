package dev.berth.registry.http;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.ListPage;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Another store that fails every call with a {@link StorageException} while {@link #failing} is set,
 * and every call that writes while {@link #refusingWrites} is (a full or read-only store).
 */
final class FailingStorage implements Storage {
    private final Storage delegate;
    volatile boolean failing;
    volatile boolean refusingWrites;

    FailingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    private Storage target() {
        if (failing) {
            throw new StorageException("injected storage outage");
        }
        return delegate;
    }

    private Storage writable() {
        if (refusingWrites) {
            throw new StorageException("injected write refusal");
        }
        return target();
    }

    @Override
    public Optional<ObjectInfo> stat(StoragePath path) {
        return target().stat(path);
    }

    @Override
    public InputStream read(StoragePath path, long offset) {
        return target().read(path, offset);
    }

    @Override
    public void put(StoragePath path, byte[] content) {
        writable().put(path, content);
    }

    @Override
    public AppendWriter openUpload(StoragePath path) {
        return writable().openUpload(path);
    }

    @Override
    public OptionalLong uploadSize(StoragePath path) {
        return target().uploadSize(path);
    }

    @Override
    public void completeUpload(StoragePath path, StoragePath target) {
        writable().completeUpload(path, target);
    }

    @Override
    public boolean abortUpload(StoragePath path) {
        return writable().abortUpload(path);
    }

    @Override
    public void move(StoragePath source, StoragePath target) {
        writable().move(source, target);
    }

    @Override
    public boolean delete(StoragePath path) {
        return writable().delete(path);
    }

    @Override
    public void deleteAll(StoragePath prefix) {
        writable().deleteAll(prefix);
    }

    @Override
    public ListPage list(StoragePath directory, String startAfter, int limit) {
        return target().list(directory, startAfter, limit);
    }

    @Override
    public void walk(StoragePath prefix, Consumer<ObjectInfo> visitor) {
        target().walk(prefix, visitor);
    }
}
