package dev.berth.registry.testing;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.ListPage;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import dev.berth.storage.Upload;
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

    /**
     * A handle each of whose operations goes through {@link #target()} like any other call, so
     * that subclasses see and count them; getting the handle is not a call.
     */
    @Override
    public Upload upload(StoragePath path) {
        return new ForwardingUpload(path);
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

    /** Forwards each operation to the upload at the same path of {@link #target()}. */
    protected class ForwardingUpload implements Upload {
        protected final StoragePath path;

        protected ForwardingUpload(StoragePath path) {
            this.path = path;
        }

        @Override
        public OptionalLong size() {
            return target().upload(path).size();
        }

        @Override
        public AppendWriter writer() {
            return target().upload(path).writer();
        }

        @Override
        public Optional<AppendWriter> existingWriter() {
            return target().upload(path).existingWriter();
        }

        @Override
        public void complete(StoragePath target) {
            target().upload(path).complete(target);
        }

        @Override
        public boolean cancel() {
            return target().upload(path).cancel();
        }
    }
}
