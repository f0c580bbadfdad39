package dev.berth.registry.http;

import dev.berth.registry.testing.ForwardingStorage;
import dev.berth.storage.AppendWriter;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;

/** Another store that refuses every write, as a read-only filesystem or bucket does, while {@link #readOnly} is set. */
final class ReadOnlyStorage extends ForwardingStorage {
    volatile boolean readOnly;
    volatile int refused;

    ReadOnlyStorage(Storage delegate) {
        super(delegate);
    }

    private void write(StoragePath path) {
        if (readOnly) {
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
    public AppendWriter openUpload(StoragePath path) {
        write(path);
        return super.openUpload(path);
    }

    @Override
    public void completeUpload(StoragePath path, StoragePath target) {
        write(target);
        super.completeUpload(path, target);
    }

    @Override
    public boolean abortUpload(StoragePath path) {
        write(path);
        return super.abortUpload(path);
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
