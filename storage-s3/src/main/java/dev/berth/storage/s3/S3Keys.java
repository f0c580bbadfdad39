package dev.berth.storage.s3;

import dev.berth.storage.StoragePath;
import java.util.Optional;
import java.util.UUID;

/**
 * Maps storage paths to S3 keys, and names the driver's own objects.
 *
 * <pre>
 * &lt;prefix&gt;&lt;path&gt;                          an object: prefix + StoragePath value
 * &lt;prefix&gt;~uploads/&lt;path&gt;/~/state          an upload's state (JSON), see {@link UploadState}
 * &lt;prefix&gt;~uploads/&lt;path&gt;/~/piece-&lt;uuid&gt;   bytes of the upload that do not fill a part yet
 * &lt;prefix&gt;~uploads/&lt;path&gt;/~/data           the multipart upload's key, assembled on completion
 * &lt;prefix&gt;~uploads/&lt;path&gt;/~/writer-&lt;uuid&gt;  a writer at work, without conditional writes
 * &lt;prefix&gt;~&lt;name&gt;                          the driver's own short-lived objects (a probe)
 * </pre>
 *
 * A storage path segment is made only of {@code [A-Za-z0-9_.+-]}, so no path reaches a key with a
 * {@code ~}: the driver's objects never collide with stored ones, and {@code list}, {@code walk} and
 * {@code deleteAll}, which only look below {@code <prefix><path>}, never see them. Everything an
 * upload owns lies below {@code ~uploads/<path>/~/}, a prefix no other upload's keys share.
 */
final class S3Keys {

    static final String PIECE = "piece-";
    static final String WRITER = "writer-";
    static final String DATA = "data";

    private final String prefix;

    S3Keys(String prefix) {
        this.prefix = prefix;
    }

    String object(StoragePath path) {
        return prefix + path.value();
    }

    /** The prefix of every object strictly below {@code path}. */
    String below(StoragePath path) {
        return object(path) + "/";
    }

    /** The path of an object key found by a listing, or empty for a key no path maps to. */
    Optional<StoragePath> path(String key) {
        if (!key.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StoragePath(key.substring(prefix.length())));
        } catch (IllegalArgumentException notAPath) {
            return Optional.empty();
        }
    }

    /** The prefix of everything the upload at {@code path} owns. */
    String upload(StoragePath path) {
        return uploads() + path.value() + "/~/";
    }

    /** The prefix of every upload's keys. */
    String uploads() {
        return prefix + "~uploads/";
    }

    /**
     * The upload a key found below {@link #uploads()} belongs to, and the key's name within it; empty
     * for a key that is not laid out as an upload's.
     */
    Optional<UploadKey> uploadKey(String key) {
        if (!key.startsWith(uploads())) {
            return Optional.empty();
        }
        String rest = key.substring(uploads().length());
        int marker = rest.lastIndexOf("/~/");
        if (marker < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UploadKey(new StoragePath(rest.substring(0, marker)), rest.substring(marker + 3)));
        } catch (IllegalArgumentException notAPath) {
            return Optional.empty();
        }
    }

    /** A key of the upload at {@code upload}: its {@code name} below {@link #upload}. */
    record UploadKey(StoragePath upload, String name) {}

    /** A key of the driver's own, outside every path and upload. */
    String driverObject(String name) {
        return prefix + "~" + name;
    }

    String uploadState(StoragePath path) {
        return upload(path) + "state";
    }

    String uploadData(StoragePath path) {
        return upload(path) + DATA;
    }

    /**
     * A fresh name for a piece, below {@link #upload}; never reused, so that a writer that dies
     * before its commit overwrites nothing the committed state refers to.
     */
    static String newPieceName() {
        return PIECE + UUID.randomUUID();
    }
}
