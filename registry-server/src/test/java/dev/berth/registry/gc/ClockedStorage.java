package dev.berth.registry.gc;

import dev.berth.registry.testing.ForwardingStorage;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import dev.berth.storage.Upload;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A store whose objects are stamped with the time of a test's clock when written, not the machine's. */
final class ClockedStorage extends ForwardingStorage {
    private final Clock clock;
    private final Map<StoragePath, Instant> written = new ConcurrentHashMap<>();

    ClockedStorage(Storage delegate, Clock clock) {
        super(delegate);
        this.clock = clock;
    }

    private ObjectInfo stamped(ObjectInfo info) {
        return new ObjectInfo(info.path(), info.size(), written.getOrDefault(info.path(), info.lastModified()));
    }

    @Override
    public Optional<ObjectInfo> stat(StoragePath path) {
        return delegate.stat(path).map(this::stamped);
    }

    @Override
    public void put(StoragePath path, byte[] content) {
        delegate.put(path, content);
        written.put(path, clock.instant());
    }

    @Override
    public Upload upload(StoragePath path) {
        return new ForwardingUpload(path) {
            @Override
            public void complete(StoragePath target) {
                super.complete(target);
                written.put(target, clock.instant());
            }
        };
    }

    @Override
    public void move(StoragePath source, StoragePath target) {
        Instant time = written.getOrDefault(source, clock.instant());
        delegate.move(source, target);
        written.remove(source);
        written.put(target, time);
    }

    @Override
    public boolean delete(StoragePath path) {
        written.remove(path);
        return delegate.delete(path);
    }

    @Override
    public void walk(StoragePath prefix, Consumer<ObjectInfo> visitor) {
        delegate.walk(prefix, info -> visitor.accept(stamped(info)));
    }
}
