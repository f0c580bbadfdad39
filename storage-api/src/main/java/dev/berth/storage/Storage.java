package dev.berth.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A flat object store addressed by {@linkplain StoragePath paths}. It is modelled on S3, not on
 * POSIX: objects are written whole or by completing a resumable upload ({@link #upload}), "directories"
 * exist only as the common prefixes of object paths, and nothing here knows about OCI.
 *
 * <p>Every method is safe to call from several threads at once. A driver throws only
 * {@link StorageException} and its subclasses; "not found" is reported as documented per method,
 * never as a generic failure.
 *
 * <p>A path is an object or a prefix of other objects, never both: storing {@code a/b} while
 * {@code a} is an object, or {@code a} while objects exist below it, is a caller error that a driver
 * may refuse with {@link StorageException} (S3 accepts it, a filesystem cannot).
 */
public interface Storage extends AutoCloseable {

    /**
     * Metadata of the object at {@code path}, or empty when no object is there. A path that is only
     * a prefix of other objects (a "directory") is not an object and gives empty.
     */
    Optional<ObjectInfo> stat(StoragePath path);

    /**
     * Opens the object for reading from byte {@code offset} to its end. The caller closes the
     * stream. An offset equal to the size gives an empty stream. The stream reads the object as it
     * was when opened, even if it is replaced meanwhile; its own failures are {@code IOException}s,
     * as for any stream.
     *
     * @throws ObjectNotFoundException when there is no object at {@code path}
     * @throws IllegalArgumentException when {@code offset} is negative or greater than the object's
     *     size
     */
    InputStream read(StoragePath path, long offset);

    /**
     * A read-only file channel over the object, for zero-copy transfers, where the driver keeps
     * objects in local files. Empty when the driver cannot, whether or not the object exists (the
     * caller then uses {@link #read}). The caller closes the channel.
     *
     * @throws ObjectNotFoundException when the driver can and there is no object at {@code path}
     */
    default Optional<FileChannel> openChannel(StoragePath path) {
        return Optional.empty();
    }

    /**
     * A URL from which a client may fetch the object directly for a while the driver's
     * configuration sets, without credentials (an S3 presigned GET), so the server can redirect
     * instead of streaming. Empty when the driver cannot or is configured not to; it need not
     * check that the object exists.
     */
    default Optional<URI> presignedGet(StoragePath path) {
        return Optional.empty();
    }

    /** The whole object; meant for small objects (links, tags, manifests). */
    default byte[] readAll(StoragePath path) {
        try (InputStream in = read(path, 0)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new StorageException("cannot read " + path, e);
        }
    }

    /**
     * Stores {@code content} at {@code path}, replacing any object there. Atomic: a reader sees the
     * old object or the new one, never a mix or a partial object. Durable when it returns.
     */
    void put(StoragePath path, byte[] content);

    /**
     * Like {@link #put}, atomic too, but not made durable before it returns: the object survives
     * this process ending, not necessarily the machine failing (a power loss, a kernel crash), after
     * which the old object may be back. For records that only help to resume work and that no
     * answer to a client has promised. Drivers whose puts are durable anyway need not override it.
     */
    default void putUnsynced(StoragePath path, byte[] content) {
        put(path, content);
    }

    /**
     * The resumable upload at {@code path}, whether or not one is there: a handle whose methods
     * append to it, measure it, complete it into an object or cancel it. Getting the handle makes
     * no call to the store.
     */
    Upload upload(StoragePath path);

    /**
     * Moves the object at {@code source} to {@code target}, replacing any object at the target.
     * Atomic and durable when it returns: the target holds the whole source object. Moving an object
     * onto its own path leaves it in place. Like {@link #delete}, moving the last object out of a
     * prefix makes the prefix disappear from listings.
     *
     * @throws ObjectNotFoundException when there is no object at {@code source}
     */
    void move(StoragePath source, StoragePath target);

    /**
     * Deletes the object at {@code path}. Returns false when there was none (not an error); a prefix
     * is not an object, so deleting one returns false and changes nothing. Deleting the last object
     * under a prefix makes the prefix disappear from listings. Durable when it returns, so deletions
     * made one after another survive a crash in that order.
     */
    boolean delete(StoragePath path);

    /**
     * Deletes every object under {@code prefix} (the path itself and all below it). Durable when it
     * returns. An object created below the prefix while this runs may survive.
     */
    void deleteAll(StoragePath prefix);

    /**
     * Like {@link #deleteAll}, but not made durable before it returns: the objects are gone for
     * every reader, but after a machine failure (a power loss, a kernel crash) some may be back. For
     * records whose return costs only cleanup work and that no answer to a client has promised
     * gone. Drivers whose deletions are durable anyway need not override it.
     */
    default void deleteAllUnsynced(StoragePath prefix) {
        deleteAll(prefix);
    }

    /**
     * One level of the tree under {@code directory}: the names of its direct children, objects and
     * prefixes alike, in ascending lexicographic (code point) order, starting strictly after
     * {@code startAfter} (null for the first page), at most {@code limit} entries. A directory with
     * no objects below it yields an empty page, not an error. {@code truncated} is true exactly when
     * more names follow the last one returned.
     *
     * @throws IllegalArgumentException when {@code limit} is less than 1
     */
    ListPage list(StoragePath directory, String startAfter, int limit);

    /**
     * Visits the object at {@code prefix}, if any, and every object below it, at any depth, in no
     * particular order. Objects created or deleted during the walk may or may not be visited. An
     * exception thrown by {@code visitor} ends the walk and propagates unchanged.
     */
    void walk(StoragePath prefix, Consumer<ObjectInfo> visitor);

    /**
     * Removes what writers of this driver left behind when they died and that is older than
     * {@code olderThan}: temporary files, and what the driver keeps for uploads that no upload refers
     * to any more (on S3, multipart uploads and unreferenced upload pieces). An upload in use is
     * never touched, nor is anything {@link #list} or {@link #walk} shows. Meant for a periodic
     * maintenance task, safe to run from several processes at once; an age below the longest time a
     * writer may take between storing bytes and committing them could remove a live writer's bytes,
     * which then fails. Returns how many leftovers were removed; drivers that leave none do nothing.
     */
    default int purgeLeftovers(Duration olderThan) {
        return 0;
    }

    /** Releases resources the driver holds. */
    @Override
    default void close() {}
}
