package dev.berth.registry.content;

import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.UUID;

/**
 * A write and a read of storage, for readiness: puts a small object of this server's own and reads
 * it back. Passing means the store accepts writes and serves what was written, which is what every
 * push and pull needs; a listing or a stat alone would pass on a read-only or full store.
 *
 * <p>The object's name is made at the first check, not when the server starts: it takes the host's
 * name (a resolver call) and a random part (seeding a secure random generator), both slow enough
 * to delay the server's first answer.
 */
public final class StorageProbe {
    private final Storage storage;
    private final Clock clock;
    private volatile StoragePath path;

    StorageProbe(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /**
     * Writes the probe object and reads it back.
     *
     * @throws StorageException when storage fails either call or gives back other bytes
     */
    public void check() {
        StoragePath path = path();
        byte[] written = clock.instant().toString().getBytes(StandardCharsets.UTF_8);
        storage.put(path, written);
        byte[] read = storage.readAll(path);
        if (!Arrays.equals(written, read)) {
            throw new StorageException("storage gave back other bytes than were just written to " + path);
        }
    }

    /**
     * Deletes the probe object, when the server stops; a crash leaves one small object behind. A
     * probe that never checked wrote nothing.
     */
    public void remove() {
        StoragePath written = path;
        if (written != null) {
            storage.delete(written);
        }
    }

    private StoragePath path() {
        StoragePath named = path;
        if (named == null) {
            synchronized (this) {
                if (path == null) {
                    path = RegistryLayout.health(serverId());
                }
                named = path;
            }
        }
        return named;
    }

    /** The host name (a container's ID in docker) and a random part for servers sharing a host. */
    private static String serverId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "_");
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return (host.length() > 200 ? host.substring(0, 200) : host) + "-" + suffix;
    }
}
