package dev.berth.registry.gc;

import dev.berth.registry.testing.ForwardingStorage;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.util.List;

/**
 * A store on a disk of fixed capacity: once {@link #fill} has made it as large as what is stored, a
 * write that would need more than deletions freed fails as a full filesystem's does.
 */
final class FullStorage extends ForwardingStorage {
    private static final List<String> TOP = List.of("blobs", "repositories", "gc", "uploads");
    private volatile long capacity = Long.MAX_VALUE;

    FullStorage(Storage delegate) {
        super(delegate);
    }

    /** From now on the disk is exactly as large as what is stored: 100 % full. */
    void fill() {
        capacity = used();
    }

    long used() {
        long[] total = {0};
        for (String top : TOP) {
            delegate.walk(new StoragePath(top), o -> total[0] += o.size());
        }
        return total[0];
    }

    @Override
    public void put(StoragePath path, byte[] content) {
        long replaced = delegate.stat(path).map(ObjectInfo::size).orElse(0L);
        if (used() - replaced + content.length > capacity) {
            throw new StorageException("cannot put " + path + ": No space left on device");
        }
        super.put(path, content);
    }
}
