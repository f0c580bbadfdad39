package dev.berth.registry.content;

import dev.berth.storage.ObjectInfo;
import dev.berth.storage.ObjectNotFoundException;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the garbage collector keeps in the store beside content: its lease, the record of its last
 * completed run, and room for its own writes on a full disk.
 *
 * <p>The room: a collection frees space only by deleting, but it must write before it deletes
 * anything: its lease, and a tombstone per digest (empty objects, but their directories take blocks
 * on most filesystems). So the store keeps a {@link #RESERVE_SIZE} object of zeros at
 * {@code gc/reserve}: written when a server starts its schedule and after every collection, deleted
 * when one of the collector's writes fails, after which that write is tried once more. Deleting the
 * reserve needs neither the lease nor a tombstone: it is nobody's content. Any failed write releases
 * the reserve, since the storage SPI does not tell "disk full" from other failures; a reserve
 * released for nothing is written again after the next collection.
 */
public final class CollectorStore {
    /** Enough for the lease and a few directories on any block size in use. */
    static final int RESERVE_SIZE = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(CollectorStore.class);
    private static final StoragePath LEASE = RegistryLayout.gcLock();
    private static final StoragePath LAST_RUN = RegistryLayout.gcLastRun();
    private static final StoragePath RESERVE = RegistryLayout.gcReserve();

    private final Storage storage;

    public CollectorStore(Storage storage) {
        this.storage = storage;
    }

    /** Where the lease lives, for messages. */
    public String leaseName() {
        return LEASE.toString();
    }

    /** The lease as stored, or empty when there is none. */
    public Optional<byte[]> lease() {
        try {
            return Optional.of(storage.readAll(LEASE));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Replaces the lease atomically, so a failed write leaves the previous one; room from the reserve. */
    public void writeLease(byte[] lease) {
        withRoom(() -> storage.put(LEASE, lease));
    }

    public void deleteLease() {
        storage.delete(LEASE);
    }

    /** When a collection last completed; empty when none did yet, or the store cannot say. */
    public Optional<Instant> lastRun() {
        try {
            return storage.stat(LAST_RUN).map(ObjectInfo::lastModified);
        } catch (StorageException e) {
            return Optional.empty();
        }
    }

    /** Best effort: without the record, other servers' schedules merely collect again sooner. */
    public void recordRun(String owner) {
        try {
            storage.put(LAST_RUN, owner.getBytes(StandardCharsets.UTF_8));
        } catch (StorageException e) {
            LOG.debug("cannot record the completed collection: {}", e.getMessage());
        }
    }

    /**
     * Writes the reserve unless it is there. When the store has no room for it (or refuses), it
     * stays missing until a later call: nothing depends on it but the next full disk.
     */
    public void keepReserve() {
        try {
            if (storage.stat(RESERVE).isEmpty()) {
                storage.put(RESERVE, new byte[RESERVE_SIZE]);
            }
        } catch (StorageException e) {
            LOG.debug("cannot keep the garbage collection reserve {}: {}", RESERVE, e.getMessage());
        }
    }

    /**
     * Runs one of the collector's writes; when it fails and the reserve is there, deletes the
     * reserve and runs it again.
     *
     * @throws StorageException when the write fails with no reserve to give up, or fails again
     */
    public <T> T withRoom(Supplier<T> write) {
        try {
            return write.get();
        } catch (StorageException e) {
            if (!releaseReserve()) {
                throw e;
            }
            LOG.info(
                    "storage refused a garbage collection write ({}); released the reserve {} and retrying",
                    e.getMessage(),
                    RESERVE);
            return write.get();
        }
    }

    public void withRoom(Runnable write) {
        withRoom(() -> {
            write.run();
            return null;
        });
    }

    private boolean releaseReserve() {
        try {
            return storage.delete(RESERVE);
        } catch (StorageException e) {
            return false;
        }
    }
}
