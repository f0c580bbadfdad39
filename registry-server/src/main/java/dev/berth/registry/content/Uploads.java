package dev.berth.registry.content;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.UploadId;
import dev.berth.storage.AppendWriter;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import dev.berth.storage.UploadConflictException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upload sessions: bytes appended in storage under {@code uploads/<id>/}, verified against the
 * client's digest and promoted into the blob store. Sessions live in storage, so they survive a
 * restart; requests on one session are serialised.
 */
public final class Uploads {
    private final Storage storage;
    private final BlobStore blobs;
    private final DeletionGuard guard;
    private final Clock clock;
    private final Map<UploadId, RunningDigest> running = new ConcurrentHashMap<>();
    private final Map<UploadId, Object> locks = new ConcurrentHashMap<>();

    public Uploads(Storage storage, BlobStore blobs, DeletionGuard guard, Clock clock) {
        this.storage = storage;
        this.blobs = blobs;
        this.guard = guard;
        this.clock = clock;
    }

    public UploadStatus start(RepositoryName repository, DigestAlgorithm algorithm) {
        UploadId id = UploadId.random();
        storage.put(RegistryLayout.uploadInfo(id),
                Json.bytes(new UploadInfo(repository.value(), algorithm.id(), clock.millis())));
        storage.openUpload(RegistryLayout.uploadData(id)).close();
        running.put(id, new RunningDigest(algorithm));
        return new UploadStatus(repository, id, 0);
    }

    public UploadStatus status(RepositoryName repository, UploadId id) {
        info(repository, id);
        return new UploadStatus(repository, id, size(id));
    }

    /**
     * Appends a chunk. With {@code expectedStart} (from {@code Content-Range}) the chunk must
     * begin exactly where the upload ends, else nothing is written and a 416 names the current range.
     */
    public UploadStatus append(RepositoryName repository, UploadId id, Optional<Long> expectedStart, ChunkSource body) {
        info(repository, id);
        synchronized (lock(id)) {
            checkStart(repository, id, expectedStart);
            return new UploadStatus(repository, id, write(id, expectedStart, body));
        }
    }

    /**
     * Appends the final chunk, checks the whole upload against {@code expected}, promotes it to
     * the blob store and links it into the repository. A mismatch removes the session.
     */
    public Digest complete(RepositoryName repository, UploadId id, Digest expected, Optional<Long> expectedStart,
            ChunkSource lastChunk) {
        info(repository, id);
        synchronized (lock(id)) {
            checkStart(repository, id, expectedStart);
            write(id, expectedStart, lastChunk);
            promote(repository, id, expected);
            remove(id);
            return expected;
        }
    }

    /**
     * Verifies the upload against {@code expected} and makes it the blob. When this server saw
     * every byte, the running digest decides and the upload completes straight into place;
     * otherwise (a restart, or chunks sent through another server) the upload is completed to a
     * scratch object and hashed from storage first.
     */
    private void promote(RepositoryName repository, UploadId id, Digest expected) {
        StoragePath data = RegistryLayout.uploadData(id);
        guard.claim(expected);
        RunningDigest digest = running.get(id);
        long size = size(id);
        if (digest != null && digest.algorithm == expected.algorithm() && digest.length == size) {
            check(id, Digest.of(expected.algorithm(), digest.digest), expected);
            if (blobs.existsAnywhere(expected)) {
                storage.abortUpload(data);
            } else {
                storage.completeUpload(data, RegistryLayout.blob(expected));
            }
        } else {
            StoragePath assembled = RegistryLayout.uploadAssembled(id);
            storage.completeUpload(data, assembled);
            check(id, hash(assembled, expected.algorithm()), expected);
            blobs.promote(assembled, expected);
        }
        blobs.link(repository, expected);
    }

    /** A chunk that does not start where the upload ends is refused before a byte is written. */
    private void checkStart(RepositoryName repository, UploadId id, Optional<Long> expectedStart) {
        long size = size(id);
        if (expectedStart.isPresent() && expectedStart.get() != size) {
            throw outOfOrder(expectedStart.get(), size);
        }
    }

    private static RegistryException outOfOrder(long start, long size) {
        return new RegistryException(ErrorCode.UPLOAD_RANGE_INVALID,
                "chunk starts at " + start + " but the upload has " + size + " bytes",
                null, Map.of("Range", UploadRange.of(size)));
    }

    /** Another server's request changed the upload at the same time and won: nothing was written. */
    private RegistryException lostRace(UploadId id) {
        running.remove(id);
        long size = size(id);
        return new RegistryException(ErrorCode.UPLOAD_RANGE_INVALID,
                "another request changed the upload at the same time; it has " + size + " bytes",
                null, Map.of("Range", UploadRange.of(size)));
    }

    private void check(UploadId id, Digest actual, Digest expected) {
        if (!actual.equals(expected)) {
            remove(id);
            throw new RegistryException(ErrorCode.DIGEST_INVALID,
                    "upload content has digest " + actual + ", not " + expected, expected.toString());
        }
    }

    /** A whole blob in one request: a session that starts and completes at once. */
    public Digest putWhole(RepositoryName repository, Digest expected, ChunkSource body) {
        UploadStatus session = start(repository, expected.algorithm());
        try {
            return complete(repository, session.id(), expected, Optional.empty(), body);
        } catch (RuntimeException e) {
            remove(session.id());
            throw e;
        }
    }

    public void cancel(RepositoryName repository, UploadId id) {
        info(repository, id);
        synchronized (lock(id)) {
            remove(id);
        }
    }

    /**
     * Removes sessions whose bytes have not changed for longer than {@code maxIdle}, then what the
     * storage driver keeps for uploads that no session refers to any more (writers that died);
     * returns how many sessions.
     */
    public int purgeIdle(Duration maxIdle) {
        List<UploadId> idle = idle(maxIdle);
        idle.forEach(this::remove);
        storage.purgeOrphans(maxIdle);
        return idle.size();
    }

    /** How many sessions {@link #purgeIdle} would remove now, removing nothing. */
    public int countIdle(Duration maxIdle) {
        return idle(maxIdle).size();
    }

    private List<UploadId> idle(Duration maxIdle) {
        Instant cutoff = clock.instant().minus(maxIdle);
        Map<UploadId, Instant> newest = new ConcurrentHashMap<>();
        storage.walk(RegistryLayout.uploads(), object -> {
            uploadIdOf(object).ifPresent(id -> newest.merge(id, object.lastModified(),
                    (a, b) -> a.isAfter(b) ? a : b));
        });
        return newest.entrySet().stream().filter(e -> e.getValue().isBefore(cutoff)).map(Map.Entry::getKey).toList();
    }

    private static Optional<UploadId> uploadIdOf(ObjectInfo object) {
        var segments = object.path().segments();
        try {
            return Optional.of(new UploadId(segments.get(1)));
        } catch (RegistryException e) {
            return Optional.empty();
        }
    }

    /**
     * Appends the body. Another server sharing the storage may have appended since
     * {@link #checkStart}, so the start is checked again on what the writer opened on, and a
     * writer that loses a race with another server's writer ({@link UploadConflictException})
     * ends in the same 416 as a late chunk on this server.
     */
    private long write(UploadId id, Optional<Long> expectedStart, ChunkSource body) {
        RunningDigest digest = running.get(id);
        AppendWriter writer;
        try {
            writer = storage.openUpload(RegistryLayout.uploadData(id));
        } catch (UploadConflictException e) {
            throw lostRace(id);
        }
        if (expectedStart.isPresent() && expectedStart.get() != writer.size()) {
            writer.abandon();
            running.remove(id);
            throw outOfOrder(expectedStart.get(), writer.size());
        }
        boolean tracking = digest != null && digest.length == writer.size();
        long before = writer.size();
        try {
            body.forEachChunk(chunk -> {
                if (tracking) {
                    digest.digest.update(chunk.duplicate());
                    digest.length += chunk.remaining();
                }
                writer.write(chunk);
            });
            writer.close();
        } catch (UploadConflictException e) {
            writer.abandon();
            throw lostRace(id);
        } catch (RuntimeException e) {
            writer.abandon();
            running.remove(id);
            throw e;
        }
        if (!tracking) {
            running.remove(id);
        }
        if (writer.size() != before) {
            touch(id);
        }
        return writer.size();
    }

    /** Rewrites the session's info so that its age counts from the last chunk received. */
    private void touch(UploadId id) {
        StoragePath path = RegistryLayout.uploadInfo(id);
        StoredObjects.read(storage, path).ifPresent(bytes -> storage.put(path, bytes));
    }

    private Digest hash(StoragePath path, DigestAlgorithm algorithm) {
        var md = algorithm.newMessageDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = storage.read(path, 0)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new StorageException("cannot read " + path, e);
        }
        return Digest.of(algorithm, md);
    }

    private UploadInfo info(RepositoryName repository, UploadId id) {
        StoragePath path = RegistryLayout.uploadInfo(id);
        if (storage.stat(path).isEmpty()) {
            throw unknown(id);
        }
        UploadInfo info;
        try {
            info = Json.MAPPER.readValue(storage.readAll(path), UploadInfo.class);
        } catch (IOException | StorageException e) {
            throw unknown(id);
        }
        if (!info.repository().equals(repository.value())) {
            throw unknown(id);
        }
        return info;
    }

    private Object lock(UploadId id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    /** Bytes received so far; a session whose upload is gone (cancelled, finished) is unknown. */
    private long size(UploadId id) {
        return storage.uploadSize(RegistryLayout.uploadData(id)).orElseThrow(() -> unknown(id));
    }

    private void remove(UploadId id) {
        storage.abortUpload(RegistryLayout.uploadData(id));
        storage.deleteAll(RegistryLayout.upload(id));
        running.remove(id);
        locks.remove(id);
    }

    private static RegistryException unknown(UploadId id) {
        return new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload unknown", id.value());
    }
}
