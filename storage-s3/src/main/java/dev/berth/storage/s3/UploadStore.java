package dev.berth.storage.s3;

import dev.berth.storage.ObjectNotFoundException;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import dev.berth.storage.UploadConflictException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The S3 calls behind uploads: their state object, pieces and multipart upload. */
final class UploadStore {

    private static final Logger log = LoggerFactory.getLogger(UploadStore.class);

    private final S3Client s3;
    private final String bucket;
    private final S3Keys keys;
    private final BulkDelete bulkDelete;
    private final ConditionalWrites conditional;

    UploadStore(S3Client s3, String bucket, S3Keys keys, BulkDelete bulkDelete, ConditionalWrites conditional) {
        this.s3 = s3;
        this.bucket = bucket;
        this.keys = keys;
        this.bulkDelete = bulkDelete;
        this.conditional = conditional;
    }

    /** A state as read, with the ETag that names this version of it. */
    record Versioned(UploadState state, String eTag) {}

    /**
     * The upload's state, or empty when it has none.
     *
     * @throws CorruptStateException when the state object cannot be decoded
     */
    Optional<UploadState> load(StoragePath path) {
        return loadVersioned(path).map(Versioned::state);
    }

    Optional<Versioned> loadVersioned(StoragePath path) {
        String key = keys.uploadState(path);
        ResponseBytes<GetObjectResponse> read;
        try {
            read = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Errors.failure("cannot read the state of upload " + path, e);
        }
        try {
            return Optional.of(new Versioned(
                    UploadState.fromJson(read.asByteArray(), key),
                    read.response().eTag()));
        } catch (StorageException e) {
            log.warn("upload state {} is unreadable or corrupt; the upload counts as lost: {}", key, e.getMessage());
            throw new CorruptStateException(path, e);
        }
    }

    /** An upload whose state cannot be decoded: it can never be continued, so it is as good as gone. */
    static final class CorruptStateException extends ObjectNotFoundException {
        CorruptStateException(StoragePath path, StorageException cause) {
            super(path);
            initCause(cause);
        }
    }

    /** Whether writers are kept apart by conditional writes here, rather than {@link WriterIntents}. */
    boolean conditional() {
        return conditional.supported();
    }

    /**
     * Creates the state of a new upload, or, when another writer created it first, gives that
     * writer's state.
     */
    Versioned create(StoragePath path, UploadState state) {
        try {
            return new Versioned(state, put(path, state, b -> {
                if (conditional()) {
                    b.ifNoneMatch("*");
                }
            }));
        } catch (UploadConflictException e) {
            return loadVersioned(path).orElseThrow(() -> e);
        }
    }

    /**
     * Replaces the state, which must still be the version {@code eTag} this writer read or wrote:
     * the commit point of whatever led to it. Returns the new version's ETag. Where conditional
     * writes are off, the caller holds a {@link WriterIntents} marker instead.
     *
     * @throws UploadConflictException when another writer replaced or removed the state meanwhile
     */
    String commit(StoragePath path, UploadState state, String eTag) {
        return put(path, state, b -> {
            if (conditional()) {
                b.ifMatch(eTag);
            }
        });
    }

    private String put(StoragePath path, UploadState state, Consumer<PutObjectRequest.Builder> condition) {
        byte[] json = state.toJson();
        try {
            return s3.putObject(
                            r -> {
                                r.bucket(bucket).key(keys.uploadState(path)).contentType("application/json");
                                condition.accept(r);
                            },
                            RequestBody.fromBytes(json))
                    .eTag();
        } catch (SdkException e) {
            if (!S3Errors.isPreconditionFailed(e) && !S3Errors.isNotFound(e) && !S3Errors.isConflict(e)) {
                throw S3Errors.failure("cannot write the state of upload " + path, e);
            }
            // A retried write whose first attempt succeeded fails its condition against itself.
            Optional<Versioned> now = loadVersioned(path);
            if (now.isPresent() && Arrays.equals(now.get().state().toJson(), json)) {
                return now.get().eTag();
            }
            throw new UploadConflictException(path, "its state changed while this writer worked");
        }
    }

    void writePiece(StoragePath path, String name, PartBuffer bytes) {
        S3Errors.call(
                "cannot store bytes of upload " + path,
                () -> s3.putObject(r -> r.bucket(bucket).key(keys.upload(path) + name), bytes.body()));
    }

    /** Reads the pieces' bytes, in order, into {@code array} from {@code offset}. */
    void readPieces(StoragePath path, List<UploadState.Piece> pieces, byte[] array, int offset) {
        int at = offset;
        for (UploadState.Piece piece : pieces) {
            String key = keys.upload(path) + piece.name();
            int expected = (int) piece.size();
            int read;
            try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key))) {
                read = in.readNBytes(array, at, expected);
                if (read == expected && in.read() >= 0) {
                    read++;
                }
            } catch (SdkException e) {
                if (S3Errors.isNotFound(e)) {
                    throw lost(path, state -> state.pieces().contains(piece), "piece " + piece.name());
                }
                throw S3Errors.failure("cannot read bytes of upload " + path, e);
            } catch (IOException e) {
                throw new StorageException("cannot read bytes of upload " + path, e);
            }
            if (read != expected) {
                throw new StorageException("piece " + piece.name() + " of upload " + path + " does not hold the "
                        + expected + " bytes its state says");
            }
            at += expected;
        }
    }

    String createMultipart(StoragePath path) {
        return S3Errors.call(
                        "cannot start a multipart upload for " + path,
                        () -> s3.createMultipartUpload(r -> r.bucket(bucket).key(keys.uploadData(path))))
                .uploadId();
    }

    /** Uploads part {@code number}, returning its ETag. SDK failures propagate unchanged. */
    String uploadPart(StoragePath path, String uploadId, int number, PartBuffer bytes) {
        return s3.uploadPart(
                        r -> r.bucket(bucket)
                                .key(keys.uploadData(path))
                                .uploadId(uploadId)
                                .partNumber(number)
                                .contentLength((long) bytes.size()),
                        bytes.body())
                .eTag();
    }

    /** Aborts the multipart upload; one that is already gone is not an error. */
    void abortMultipart(StoragePath path, String uploadId) {
        try {
            s3.abortMultipartUpload(
                    r -> r.bucket(bucket).key(keys.uploadData(path)).uploadId(uploadId));
        } catch (SdkException e) {
            if (!S3Errors.isNotFound(e)) {
                throw S3Errors.failure("cannot abort the multipart upload of " + path, e);
            }
        }
    }

    /** Best effort, for a writer that is giving up: a leftover is removed by the orphan purge. */
    void abortMultipartQuietly(StoragePath path, String uploadId) {
        try {
            abortMultipart(path, uploadId);
        } catch (StorageException e) {
            log.warn(
                    "cannot abort multipart upload {} of {}; the orphan purge removes it once no state " + "names it",
                    uploadId,
                    path,
                    e);
        }
    }

    /** Best effort, for a writer that lost: its piece is referred to by no state. */
    void deletePieceQuietly(StoragePath path, String name) {
        deletePiecesQuietly(path, List.of(new UploadState.Piece(name, 0)));
    }

    /**
     * Best effort, in one request: pieces no state refers to any more are removed with their upload
     * anyway.
     */
    void deletePiecesQuietly(StoragePath path, List<UploadState.Piece> pieces) {
        if (pieces.isEmpty()) {
            return;
        }
        try {
            bulkDelete.deleteKeys(
                    pieces.stream().map(p -> keys.upload(path) + p.name()).toList(), "pieces of upload " + path);
        } catch (StorageException e) {
            log.warn("cannot delete {} piece(s) of upload {}; they go when the upload ends", pieces.size(), path, e);
        }
    }

    /**
     * Removes everything the upload owns, the state first: from then on the upload is gone, and
     * what a crash leaves of the rest is removed by the next {@link S3Uploads#abort} of its path.
     * (Deleting the state last would let a crash leave a state naming pieces that are gone.)
     */
    void deleteAll(StoragePath path) {
        String state = keys.uploadState(path);
        S3Errors.call(
                "cannot delete the state of upload " + path,
                () -> s3.deleteObject(r -> r.bucket(bucket).key(state)));
        bulkDelete.deleteUnder(keys.upload(path), key -> false);
    }

    /**
     * Something the upload's current state names is gone, which only an interrupted clean-up
     * causes: the upload can never complete, so it is removed, and the caller learns it is gone.
     * When the current state no longer names it ({@code stillNamed} refuses it), another writer
     * only replaced it meanwhile and the caller may try again.
     */
    StorageException lost(StoragePath path, Predicate<UploadState> stillNamed, String what) {
        Optional<UploadState> now = load(path);
        if (now.isPresent() && !stillNamed.test(now.get())) {
            return new StorageException("upload " + path + " changed while being read; try again");
        }
        if (now.isPresent()) {
            log.warn(
                    "upload {} lost {} that its state {} names; removing the upload",
                    path,
                    what,
                    keys.uploadState(path));
            if (now.get().uploadId() != null) {
                abortMultipart(path, now.get().uploadId());
            }
            deleteAll(path);
        }
        return new ObjectNotFoundException(path);
    }
}
