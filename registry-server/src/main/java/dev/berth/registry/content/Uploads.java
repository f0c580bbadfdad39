package dev.berth.registry.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.UploadId;
import dev.berth.storage.AppendWriter;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.ObjectNotFoundException;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import dev.berth.storage.Upload;
import dev.berth.storage.UploadConflictException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upload sessions: bytes appended in storage under {@code uploads/<id>/}, verified against the
 * client's digest and promoted into the blob store. Sessions live in storage, so they survive a
 * restart; requests on one session are serialised, the newest first (see {@link SessionLock}).
 *
 * <p>Finishing takes several storage steps (commit the last chunk, verify, make the blob, link,
 * clean up). Each can be repeated from what storage holds: before the last chunk commits, the
 * session's info records what the upload is to become ({@link UploadInfo.Finishing}), so a PUT
 * retried after a crash at any step carries on from there and ends with the blob linked. A whole
 * blob in one request ({@link #putWhole}) needs no such record: no client can name its session, so
 * its retry is a new request.
 *
 * <p>Every storage call is a request to the store (on S3, an HTTP request), so a request reads
 * its session's info once and keeps it in hand, unless another request of this process had the
 * session in the meantime, and its upload's state once (a chunk opens the writer on it and checks
 * its start against what the writer read).
 *
 * <p>A session's age is that of the newest object under {@code uploads/<id>/}, which its chunks
 * need not touch (on S3 the driver keeps the upload elsewhere): so a chunk rewrites the info, but
 * at most once per {@link #TOUCH_INTERVAL} and session from this process. A session is therefore
 * idle for the purge up to that interval before the last chunk really is {@code maxIdle} old,
 * which is nothing next to the purge ages one configures (hours).
 */
public final class Uploads {
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
    /** A chunk rewrites its session's info at most this often, see the class comment. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private static final int TOUCHED_CAPACITY = 10_000;

    private final Storage storage;
    private final BlobStore blobs;
    private final DeletionGuard guard;
    private final Clock clock;
    private final Admission admission;
    private final Map<UploadId, RunningDigest> running = new ConcurrentHashMap<>();
    private final Map<UploadId, SessionLock> locks = new ConcurrentHashMap<>();
    /** When this process last wrote each session's info; bounded, as sessions may end elsewhere. */
    private final Cache<UploadId, Instant> touched = Caffeine.newBuilder()
            .maximumSize(TOUCHED_CAPACITY)
            .expireAfterWrite(TOUCH_INTERVAL)
            .build();

    /**
     * Whether a verified blob may become content of a repository: throws the refusal when not
     * (a quota it cannot fit in), before anything of it is stored or claimed.
     */
    @FunctionalInterface
    interface Admission {
        void admit(RepositoryName repository, Digest digest, long size);
    }

    /** Uploads that every verified blob may complete. */
    public Uploads(Storage storage, BlobStore blobs, DeletionGuard guard, Clock clock) {
        this(storage, blobs, guard, clock, (repository, digest, size) -> {});
    }

    Uploads(Storage storage, BlobStore blobs, DeletionGuard guard, Clock clock, Admission admission) {
        this.storage = storage;
        this.blobs = blobs;
        this.guard = guard;
        this.clock = clock;
        this.admission = admission;
    }

    /**
     * Records a new session. Its upload is begun by its first chunk: until then the session holds
     * no bytes, and storage holds nothing of it but the record.
     */
    public UploadStatus start(RepositoryName repository, DigestAlgorithm algorithm) {
        return new UploadStatus(repository, record(repository, algorithm), 0);
    }

    /** Records a new session, so that the purge finds whatever becomes of it; its upload is not begun. */
    private UploadId record(RepositoryName repository, DigestAlgorithm algorithm) {
        UploadId id = UploadId.random();
        writeInfo(id, new UploadInfo(repository.value(), algorithm.id(), clock.millis(), null));
        running.put(id, new RunningDigest(algorithm));
        return id;
    }

    /**
     * The bytes committed so far: a chunk still arriving counts once it is stored. A session that
     * an interrupted PUT was finishing holds every byte that PUT recorded.
     */
    public UploadStatus status(RepositoryName repository, UploadId id) {
        UploadInfo info = info(repository, id);
        OptionalLong size = storage.upload(RegistryLayout.uploadData(id)).size();
        if (size.isPresent()) {
            return new UploadStatus(repository, id, size.getAsLong());
        }
        if (info.finishing() != null) {
            return new UploadStatus(repository, id, info.finishing().size());
        }
        // Not begun: no chunk has arrived yet.
        return new UploadStatus(repository, id, 0);
    }

    /**
     * Appends a chunk. With {@code expectedStart} (from {@code Content-Range}) the chunk must
     * begin exactly where the upload ends, else nothing is written and a 416 names the current range.
     */
    public UploadStatus append(RepositoryName repository, UploadId id, Optional<Long> expectedStart, ChunkSource body) {
        return locked(repository, id, body, info -> {
            try {
                AppendWriter writer = info.finishing() == null
                        ? writer(repository, id)
                        : openExisting(repository, id).orElseThrow(() -> unknown(id));
                long before = writer.size();
                if (expectedStart.isPresent() && expectedStart.get() != before) {
                    writer.abandon();
                    throw outOfOrder(expectedStart.get(), new UploadStatus(repository, id, before));
                }
                boolean cleared = false;
                if (info.finishing() != null) {
                    // A finishing PUT that did not end left a record this chunk makes untrue.
                    try {
                        writeInfo(id, info.withFinishing(null));
                    } catch (RuntimeException e) {
                        writer.abandon();
                        throw e;
                    }
                    cleared = true;
                }
                long size = write(repository, id, writer, expectedStart, body, total -> {});
                if (size != before && !cleared) {
                    touch(id, info);
                }
                return new UploadStatus(repository, id, size);
            } catch (ObjectNotFoundException e) {
                throw lost(id, e);
            }
        });
    }

    /**
     * Appends the final chunk, checks the whole upload against {@code expected}, promotes it to
     * the blob store and links it into the repository. A mismatch, or a blob the repository may
     * not take (see {@link Admission}), removes the session. Repeating
     * it after it failed half-way (a crash, a storage outage) finishes what the first attempt began.
     */
    public Digest complete(
            RepositoryName repository,
            UploadId id,
            Digest expected,
            Optional<Long> expectedStart,
            ChunkSource lastChunk) {
        return locked(repository, id, lastChunk, info -> {
            try {
                return finish(repository, id, info, expected, expectedStart, lastChunk);
            } catch (RegistryException e) {
                if (e.code() == ErrorCode.DIGEST_INVALID || e.code() == ErrorCode.DENIED) {
                    remove(id);
                }
                throw e;
            } catch (ObjectNotFoundException e) {
                throw lost(id, e);
            }
        });
    }

    private Digest finish(
            RepositoryName repository,
            UploadId id,
            UploadInfo info,
            Digest expected,
            Optional<Long> expectedStart,
            ChunkSource lastChunk) {
        UploadInfo.Finishing earlier = info.finishing();
        if (earlier != null && !earlier.digest().equals(expected.toString())) {
            throw new RegistryException(
                    ErrorCode.DIGEST_INVALID,
                    "upload was being finished as " + earlier.digest() + ", not " + expected,
                    expected.toString());
        }
        // The writer's one read of the upload tells its size too. Without an earlier attempt, an
        // upload that is not there is not begun: this request's body begins it.
        Optional<AppendWriter> writer =
                earlier == null ? Optional.of(writer(repository, id)) : openExisting(repository, id);
        if (writer.isEmpty() && !movedOn(id, expected)) {
            // The earlier attempt died before its chunk began the upload: this body begins it.
            earlier = null;
            writer = Optional.of(writer(repository, id));
        }
        UploadInfo.Finishing finishing;
        if (writer.isEmpty()) {
            // Gone: an earlier attempt moved the bytes on; its record says where to go on.
            finishing = earlier;
        } else if (earlier != null && earlier.size() == writer.get().size()) {
            // An earlier attempt committed its last chunk: this request's body is that chunk again.
            writer.get().abandon();
            finishing = earlier;
        } else {
            long size = writer.get().size();
            if (expectedStart.isPresent() && expectedStart.get() != size) {
                writer.get().abandon();
                throw outOfOrder(expectedStart.get(), new UploadStatus(repository, id, size));
            }
            finishing = writeLast(repository, id, info, expected, expectedStart, lastChunk, writer.get());
        }
        admission.admit(repository, expected, finishing.size());
        promote(repository, id, info, expected, finishing, writer.isPresent());
        return expected;
    }

    /** Appends the last chunk, recording what the upload is to become before the chunk commits. */
    private UploadInfo.Finishing writeLast(
            RepositoryName repository,
            UploadId id,
            UploadInfo info,
            Digest expected,
            Optional<Long> expectedStart,
            ChunkSource body,
            AppendWriter writer) {
        UploadInfo.Finishing[] recorded = new UploadInfo.Finishing[1];
        write(repository, id, writer, expectedStart, body, size -> {
            Optional<Digest> actual = digestInMemory(id, expected.algorithm(), size);
            if (actual.isPresent() && !actual.get().equals(expected)) {
                throw mismatch(actual.get(), expected);
            }
            recorded[0] = new UploadInfo.Finishing(expected.toString(), size, actual.isPresent());
            writeRecoveryInfo(id, info.withFinishing(recorded[0]));
        });
        return recorded[0];
    }

    /**
     * Makes the verified upload the blob and links it, from wherever an earlier attempt stopped.
     * Verified in memory, the upload completes straight into place; otherwise (a restart, or
     * chunks sent through another server) it is completed to a scratch object and hashed from
     * storage first. The verdict is recorded before the bytes move on, so an attempt that finds
     * them moved knows they were the blob. Whether the blob is stored or was there already,
     * {@link BlobStore#promote} decides.
     */
    private void promote(
            RepositoryName repository,
            UploadId id,
            UploadInfo info,
            Digest expected,
            UploadInfo.Finishing finishing,
            boolean dataPresent) {
        StoragePath data = RegistryLayout.uploadData(id);
        StoragePath assembled = RegistryLayout.uploadAssembled(id);
        guard.claim(expected);
        // Completed in this request, the upload has ended: there is nothing left to abort.
        boolean ended = false;
        if (!finishing.verified()) {
            if (dataPresent) {
                storage.upload(data).complete(assembled);
                ended = true;
            }
            Digest actual = hash(assembled, expected.algorithm());
            if (!actual.equals(expected)) {
                throw mismatch(actual, expected);
            }
            writeRecoveryInfo(
                    id, info.withFinishing(new UploadInfo.Finishing(finishing.digest(), finishing.size(), true)));
            blobs.promote(expected, finishing.size(), blob -> storage.move(assembled, blob));
        } else if (dataPresent) {
            // Bytes verified in memory are still the upload: no earlier attempt moved them on.
            ended = blobs.promote(
                    expected, finishing.size(), blob -> storage.upload(data).complete(blob));
        } else if (storage.stat(assembled).isPresent()) {
            blobs.promote(expected, finishing.size(), blob -> storage.move(assembled, blob));
        } else if (!blobs.existsAnywhere(expected)) {
            remove(id);
            throw unknown(id);
        }
        blobs.link(repository, expected);
        forget(id, ended);
    }

    /** Whether an earlier attempt to finish moved the upload's bytes on, to be assembled or to the blob. */
    private boolean movedOn(UploadId id, Digest expected) {
        return storage.stat(RegistryLayout.uploadAssembled(id)).isPresent() || blobs.existsAnywhere(expected);
    }

    /** The digest of exactly {@code size} bytes when this server saw them all; used up by the call. */
    private Optional<Digest> digestInMemory(UploadId id, DigestAlgorithm algorithm, long size) {
        RunningDigest digest = running.remove(id);
        if (digest == null || digest.algorithm != algorithm || digest.length != size) {
            return Optional.empty();
        }
        return Optional.of(Digest.of(algorithm, digest.digest));
    }

    private static RegistryException mismatch(Digest actual, Digest expected) {
        return new RegistryException(
                ErrorCode.DIGEST_INVALID,
                "upload content has digest " + actual + ", not " + expected,
                expected.toString());
    }

    /** Storage found bytes of the upload lost (and removed it): the client must start again. */
    private RegistryException lost(UploadId id, ObjectNotFoundException e) {
        LOG.warn("upload {} lost bytes in storage ({}); removing the session", id.value(), e.getMessage());
        remove(id);
        return unknown(id);
    }

    private static UploadOutOfOrderException outOfOrder(long start, UploadStatus committed) {
        return new UploadOutOfOrderException(
                "chunk starts at " + start + " but the upload has " + committed.size() + " bytes", committed);
    }

    /** Another server's request changed the upload at the same time and won: nothing was written. */
    private UploadOutOfOrderException lostRace(RepositoryName repository, UploadId id) {
        running.remove(id);
        long size = size(id);
        return new UploadOutOfOrderException(
                "another request changed the upload at the same time; it has " + size + " bytes",
                new UploadStatus(repository, id, size));
    }

    /**
     * A whole blob in one request: a session that starts and completes at once. No client knows
     * the session, so none continues it: a retry is a new request, and the purge removes what a
     * crash left (the session is recorded first). Hence its upload is begun by its only chunk, and
     * no record of what it is to become is needed before that chunk commits.
     */
    public Digest putWhole(RepositoryName repository, Digest expected, ChunkSource body) {
        UploadId id = record(repository, expected.algorithm());
        try {
            long size = write(repository, id, Optional.empty(), body, written -> {
                Optional<Digest> actual = digestInMemory(id, expected.algorithm(), written);
                if (actual.isPresent() && !actual.get().equals(expected)) {
                    throw mismatch(actual.get(), expected);
                }
                admission.admit(repository, expected, written);
            });
            guard.claim(expected);
            Upload upload = storage.upload(RegistryLayout.uploadData(id));
            boolean ended = blobs.promote(expected, size, upload::complete);
            blobs.link(repository, expected);
            forget(id, ended);
            return expected;
        } catch (ObjectNotFoundException e) {
            throw lost(id, e);
        } catch (RuntimeException e) {
            remove(id);
            throw e;
        }
    }

    public void cancel(RepositoryName repository, UploadId id) {
        locked(repository, id, ChunkSource.EMPTY, info -> {
            remove(id);
            return null;
        });
    }

    /**
     * Runs {@code work} alone on the session with its state. The state is read before the lock is
     * taken, so that a request naming another repository's session supersedes nothing, and kept
     * unless another request of this process had the session meanwhile.
     */
    private <T> T locked(RepositoryName repository, UploadId id, ChunkSource body, Function<UploadInfo, T> work) {
        SessionLock lock = lock(id);
        long turns = lock.turns();
        UploadInfo seen = info(repository, id);
        return lock.run(body, () -> work.apply(lock.turns() == turns ? seen : info(repository, id)));
    }

    /**
     * Removes sessions whose bytes have not changed for longer than {@code maxIdle}, then what the
     * storage driver keeps for writers that died (temporary files, multipart uploads no session
     * refers to any more) and that is that old; returns how many sessions.
     */
    public int purgeIdle(Duration maxIdle) {
        List<UploadId> idle = idle(maxIdle);
        idle.forEach(this::remove);
        storage.purgeLeftovers(maxIdle);
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
            uploadIdOf(object).ifPresent(id -> newest.merge(id, object.lastModified(), (a, b) -> a.isAfter(b) ? a : b));
        });
        return newest.entrySet().stream()
                .filter(e -> e.getValue().isBefore(cutoff))
                .map(Map.Entry::getKey)
                .toList();
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
     * Appends the body and commits it; returns the upload's size. Another server sharing the
     * storage may have appended since the caller checked the start, so it is checked again on what
     * the writer opened on, and a writer that loses a race with another server's writer
     * ({@link UploadConflictException}) ends in the same 416 as a late chunk on this server.
     * {@code beforeCommit} is given the size once the whole body is written and before it commits;
     * if it throws, nothing is.
     */
    private long write(
            RepositoryName repository,
            UploadId id,
            Optional<Long> expectedStart,
            ChunkSource body,
            LongConsumer beforeCommit) {
        return write(repository, id, writer(repository, id), expectedStart, body, beforeCommit);
    }

    /** A writer on the session's upload, which it begins when the upload is not there yet. */
    private AppendWriter writer(RepositoryName repository, UploadId id) {
        try {
            return storage.upload(RegistryLayout.uploadData(id)).writer();
        } catch (UploadConflictException e) {
            throw lostRace(repository, id);
        }
    }

    /** A writer on the session's upload, or empty when the upload is gone. */
    private Optional<AppendWriter> openExisting(RepositoryName repository, UploadId id) {
        try {
            return storage.upload(RegistryLayout.uploadData(id)).existingWriter();
        } catch (UploadConflictException e) {
            throw lostRace(repository, id);
        }
    }

    /** {@link #write(RepositoryName, UploadId, Optional, ChunkSource, LongConsumer)} on an open writer. */
    private long write(
            RepositoryName repository,
            UploadId id,
            AppendWriter writer,
            Optional<Long> expectedStart,
            ChunkSource body,
            LongConsumer beforeCommit) {
        RunningDigest digest = running.get(id);
        if (expectedStart.isPresent() && expectedStart.get() != writer.size()) {
            writer.abandon();
            running.remove(id);
            throw outOfOrder(expectedStart.get(), new UploadStatus(repository, id, writer.size()));
        }
        boolean tracking = digest != null && digest.length == writer.size();
        try {
            body.forEachBatch(batch -> {
                if (tracking) {
                    for (ByteBuffer chunk : batch) {
                        digest.length += chunk.remaining();
                        digest.digest.update(chunk.duplicate());
                    }
                }
                writer.write(batch);
            });
            beforeCommit.accept(writer.size());
            writer.close();
        } catch (UploadConflictException e) {
            writer.abandon();
            throw lostRace(repository, id);
        } catch (RuntimeException e) {
            writer.abandon();
            running.remove(id);
            throw e;
        }
        if (!tracking) {
            running.remove(id);
        }
        return writer.size();
    }

    /**
     * Rewrites the session's info so that its age counts from the last chunk received, unless this
     * process wrote it less than {@link #TOUCH_INTERVAL} ago.
     */
    private void touch(UploadId id, UploadInfo info) {
        Instant now = clock.instant();
        Instant last = touched.getIfPresent(id);
        if (last != null && now.isBefore(last.plus(TOUCH_INTERVAL))) {
            return;
        }
        writeRecoveryInfo(id, info);
    }

    private void writeInfo(UploadId id, UploadInfo info) {
        storage.put(RegistryLayout.uploadInfo(id), Json.bytes(info));
        touched.put(id, clock.instant());
    }

    /**
     * Writes the session's info where losing the write in a machine crash costs only a retry: its
     * age, or what a finishing PUT is to make of the upload (without it, a retry of that PUT finds
     * the bytes do not match and the client pushes again). No answer promises it, so it need not
     * be durable; it is in place before the bytes it describes commit, which a process crash keeps.
     */
    private void writeRecoveryInfo(UploadId id, UploadInfo info) {
        storage.putUnsynced(RegistryLayout.uploadInfo(id), Json.bytes(info));
        touched.put(id, clock.instant());
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
        UploadInfo info;
        try {
            info = Json.MAPPER.readValue(
                    StoredObjects.read(storage, path).orElseThrow(() -> unknown(id)), UploadInfo.class);
        } catch (IOException e) {
            // A storage failure is no verdict on the session and propagates (503, try again); a
            // state that cannot be decoded never will be.
            throw corrupt(
                    id, path, e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.toString());
        }
        if (info.repository() == null || info.algorithm() == null) {
            throw corrupt(id, path, "repository or algorithm missing");
        }
        if (!info.repository().equals(repository.value())) {
            throw unknown(id);
        }
        return info;
    }

    private static RegistryException corrupt(UploadId id, StoragePath path, String why) {
        LOG.warn("upload state {} is unreadable or corrupt, answering that the upload is unknown: {}", path, why);
        return unknown(id);
    }

    private SessionLock lock(UploadId id) {
        return locks.computeIfAbsent(id, k -> new SessionLock());
    }

    /** Bytes received so far; the session's record is there, so an upload not there is not begun. */
    private long size(UploadId id) {
        return storage.upload(RegistryLayout.uploadData(id)).size().orElse(0);
    }

    /** Removes the session and its upload, durably: a cancelled or failed upload stays gone. */
    private void remove(UploadId id) {
        storage.upload(RegistryLayout.uploadData(id)).cancel();
        storage.deleteAll(RegistryLayout.upload(id));
        dropState(id);
    }

    /**
     * Removes the session of an upload completed in this request; its upload too, unless it has
     * {@code ended} with the completion. Not made durable: the client relies on the blob, not on the
     * session being gone, and a session back after a machine failure is only expired again.
     */
    private void forget(UploadId id, boolean ended) {
        if (!ended) {
            storage.upload(RegistryLayout.uploadData(id)).cancel();
        }
        storage.deleteAllUnsynced(RegistryLayout.upload(id));
        dropState(id);
    }

    private void dropState(UploadId id) {
        running.remove(id);
        locks.remove(id);
        touched.invalidate(id);
    }

    private static RegistryException unknown(UploadId id) {
        return new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload unknown", id.value());
    }
}
