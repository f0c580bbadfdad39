package dev.berth.registry.testing;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.ListPage;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A store that passes every call to another; subclasses change what they test, one method at a
 * time, or every call at once through {@link #target()}.
 */
public abstract class ForwardingStorage implements Storage {
    protected final Storage delegate;

    protected ForwardingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    /** The store each call goes to; called once per call. */
    protected Storage target() {
        return delegate;
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
        target().put(path, content);
    }

    @Override
    public AppendWriter openUpload(StoragePath path) {
        return target().openUpload(path);
    }

    @Override
    public OptionalLong uploadSize(StoragePath path) {
        return target().uploadSize(path);
    }

    @Override
    public void completeUpload(StoragePath path, StoragePath target) {
        target().completeUpload(path, target);
    }

    @Override
    public boolean abortUpload(StoragePath path) {
        return target().abortUpload(path);
    }

    @Override
    public void move(StoragePath source, StoragePath target) {
        target().move(source, target);
    }

    @Override
    public boolean delete(StoragePath path) {
        return target().delete(path);
    }

    @Override
    public void deleteAll(StoragePath prefix) {
        target().deleteAll(prefix);
    }

    @Override
    public ListPage list(StoragePath directory, String startAfter, int limit) {
        return target().list(directory, startAfter, limit);
    }

    @Override
    public void walk(StoragePath prefix, Consumer<ObjectInfo> visitor) {
        target().walk(prefix, visitor);
    }

    @Override
    public int purgeLeftovers(Duration olderThan) {
        return target().purgeLeftovers(olderThan);
    }
}
