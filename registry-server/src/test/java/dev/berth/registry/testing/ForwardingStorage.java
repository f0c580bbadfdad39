package dev.berth.registry.testing;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.ListPage;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** A store that passes every call to another; subclasses change what they test. */
public abstract class ForwardingStorage implements Storage {
    protected final Storage delegate;

    protected ForwardingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<ObjectInfo> stat(StoragePath path) {
        return delegate.stat(path);
    }

    @Override
    public InputStream read(StoragePath path, long offset) {
        return delegate.read(path, offset);
    }

    @Override
    public void put(StoragePath path, byte[] content) {
        delegate.put(path, content);
    }

    @Override
    public AppendWriter openUpload(StoragePath path) {
        return delegate.openUpload(path);
    }

    @Override
    public OptionalLong uploadSize(StoragePath path) {
        return delegate.uploadSize(path);
    }

    @Override
    public void completeUpload(StoragePath path, StoragePath target) {
        delegate.completeUpload(path, target);
    }

    @Override
    public boolean abortUpload(StoragePath path) {
        return delegate.abortUpload(path);
    }

    @Override
    public void move(StoragePath source, StoragePath target) {
        delegate.move(source, target);
    }

    @Override
    public boolean delete(StoragePath path) {
        return delegate.delete(path);
    }

    @Override
    public void deleteAll(StoragePath prefix) {
        delegate.deleteAll(prefix);
    }

    @Override
    public ListPage list(StoragePath directory, String startAfter, int limit) {
        return delegate.list(directory, startAfter, limit);
    }

    @Override
    public void walk(StoragePath prefix, Consumer<ObjectInfo> visitor) {
        delegate.walk(prefix, visitor);
    }
}
