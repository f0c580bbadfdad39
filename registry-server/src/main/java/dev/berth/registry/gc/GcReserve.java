package dev.berth.registry.gc;

import dev.berth.registry.content.RegistryLayout;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room for the collector's own writes on a full disk. A collection frees space only by deleting,
 * but it must write before it deletes anything: its lease, and a tombstone per digest (empty
 * objects, but their directories take blocks on most filesystems). So the store keeps a
 * {@link #SIZE} object of zeros at {@code gc/reserve}: written when a server starts its schedule
 * and after every collection, deleted when one of the collector's writes fails, after which that
 * write is tried once more. Deleting the reserve needs neither the lease nor a tombstone: it is
 * nobody's content.
 *
 * <p>Any failed write releases the reserve, since the storage SPI does not tell "disk full" from
 * other failures; a reserve released for nothing is written again after the next collection.
 */
final class GcReserve {
    /** Enough for the lease and a few directories on any block size in use. */
    static final int SIZE = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(GcReserve.class);
    private static final StoragePath PATH = RegistryLayout.gcReserve();

    private final Storage storage;

    GcReserve(Storage storage) {
        this.storage = storage;
    }

    /**
     * Writes the reserve unless it is there. When the store has no room for it (or refuses), it
     * stays missing until a later call: nothing depends on it but the next full disk.
     */
    void keep() {
        try {
            if (storage.stat(PATH).isEmpty()) {
                storage.put(PATH, new byte[SIZE]);
            }
        } catch (StorageException e) {
            LOG.debug("cannot keep the garbage collection reserve {}: {}", PATH, e.getMessage());
        }
    }

    /**
     * Runs one of the collector's writes; when it fails and the reserve is there, deletes the
     * reserve and runs it again.
     *
     * @throws StorageException when the write fails with no reserve to give up, or fails again
     */
    <T> T withRoom(Supplier<T> write) {
        try {
            return write.get();
        } catch (StorageException e) {
            if (!release()) {
                throw e;
            }
            LOG.info("storage refused a garbage collection write ({}); released the reserve {} and retrying",
                    e.getMessage(), PATH);
            return write.get();
        }
    }

    void withRoom(Runnable write) {
        withRoom(() -> {
            write.run();
            return null;
        });
    }

    private boolean release() {
        try {
            return storage.delete(PATH);
        } catch (StorageException e) {
            return false;
        }
    }
}
