package dev.berth.storage.s3;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.ObjectNotFoundException;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Uploads as S3 multipart uploads whose state lives in the bucket, so that any server sharing the
 * bucket, or this one after a restart, continues or completes them.
 *
 * <p>An S3 multipart upload is bound to its key when it begins, and the target of an upload is
 * known only when it completes. So the multipart upload is at the upload's own {@code ~/data} key;
 * completion assembles it there with {@code CompleteMultipartUpload} and copies it to the target
 * inside S3 ({@link ObjectCopier}), which replaces the target in one step. An upload smaller than a
 * part never becomes a multipart upload: its bytes are put at the target directly.
 */
final class S3Uploads {

    private final S3Client s3;
    private final String bucket;
    private final S3Keys keys;
    private final UploadStore store;
    private final ObjectCopier copier;
    private final long partSize;
    private final WriterIntents intents;
    private final PartReservations reservations = new PartReservations();

    S3Uploads(S3Client s3, String bucket, S3Keys keys, UploadStore store, ObjectCopier copier, long partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.keys = keys;
        this.store = store;
        this.copier = copier;
        this.partSize = partSize;
        this.intents = new WriterIntents(s3, bucket, keys);
    }

    /** The state is read after the writer's marker is checked, see {@link WriterIntents}. */
    AppendWriter open(StoragePath path) {
        return open(path, true).orElseThrow();
    }

    /** A writer on the upload, with one read of its state; empty when there is none. */
    Optional<AppendWriter> openExisting(StoragePath path) {
        return open(path, false);
    }

    private Optional<AppendWriter> open(StoragePath path, boolean create) {
        WriterIntents.Guard guard = store.conditional() ? WriterIntents.Guard.NONE : intents.acquire(path);
        try {
            Optional<UploadStore.Versioned> loaded = store.loadVersioned(path);
            if (loaded.isEmpty() && !create) {
                guard.release();
                return Optional.empty();
            }
            UploadStore.Versioned state = loaded.orElseGet(() -> store.create(path, UploadState.empty(partSize)));
            int reserved = reservations.take(path, state.eTag(), state.state());
            return Optional.of(new S3UploadWriter(store, path, state, guard, reserved, reservations));
        } catch (RuntimeException e) {
            guard.release();
            throw e;
        }
    }

    OptionalLong size(StoragePath path) {
        try {
            return store.load(path).map(s -> OptionalLong.of(s.size())).orElseGet(OptionalLong::empty);
        } catch (UploadStore.CorruptStateException e) {
            return OptionalLong.empty();
        }
    }

    void complete(StoragePath path, StoragePath target) {
        reservations.forget(path);
        UploadState state = store.load(path).orElseThrow(() -> new ObjectNotFoundException(path));
        String targetKey = keys.object(target);
        if (state.parts().isEmpty()) {
            PartBuffer content = pieces(path, state);
            S3Errors.call(
                    "cannot store " + target,
                    () -> s3.putObject(r -> r.bucket(bucket).key(targetKey), content.body()));
            if (state.uploadId() != null) {
                store.abortMultipart(path, state.uploadId());
            }
        } else {
            String eTag = assemble(path, state);
            String data = keys.uploadData(path);
            try {
                copier.copy(data, targetKey, state.size(), eTag);
            } catch (SdkException e) {
                throw S3Errors.failure("cannot copy upload " + path + " to " + target, e);
            }
        }
        store.deleteAll(path);
    }

    /** Also sweeps what a crash left below an upload whose state is already deleted. */
    boolean abort(StoragePath path) {
        reservations.forget(path);
        Optional<UploadState> state;
        try {
            state = store.load(path);
        } catch (UploadStore.CorruptStateException e) {
            store.deleteAll(path);
            return true;
        }
        if (state.isPresent() && state.get().uploadId() != null) {
            store.abortMultipart(path, state.get().uploadId());
        }
        store.deleteAll(path);
        return state.isPresent();
    }

    /**
     * Sends the pieces as the last part (the only one that may be under 5 MiB) and completes the
     * multipart upload at {@code ~/data}; returns the assembled object's ETag. A multipart upload
     * that is already gone was completed by an earlier attempt that failed later, when its object
     * is there with the upload's size.
     */
    private String assemble(StoragePath path, UploadState state) {
        List<CompletedPart> parts = new ArrayList<>();
        for (UploadState.Part part : state.parts()) {
            parts.add(CompletedPart.builder()
                    .partNumber(part.number())
                    .eTag(part.eTag())
                    .build());
        }
        String data = keys.uploadData(path);
        try {
            if (!state.pieces().isEmpty()) {
                int number = state.nextPartNumber();
                String eTag = store.uploadPart(path, state.uploadId(), number, pieces(path, state));
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            }
            return s3.completeMultipartUpload(r -> r.bucket(bucket)
                            .key(data)
                            .uploadId(state.uploadId())
                            .multipartUpload(m -> m.parts(parts)))
                    .eTag();
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return assembledEarlier(path, state, e);
            }
            throw S3Errors.failure("cannot assemble upload " + path, e);
        }
    }

    /** The bytes short of a full part, which are fewer than a part. */
    private PartBuffer pieces(StoragePath path, UploadState state) {
        PartBuffer bytes = new PartBuffer();
        bytes.prepend(
                (int) state.piecesSize(), (array, offset) -> store.readPieces(path, state.pieces(), array, offset));
        return bytes;
    }

    private String assembledEarlier(StoragePath path, UploadState state, SdkException gone) {
        String data = keys.uploadData(path);
        HeadObjectResponse head;
        try {
            head = s3.headObject(r -> r.bucket(bucket).key(data));
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                throw lostMultipart(path, state, gone);
            }
            throw S3Errors.failure("cannot assemble upload " + path, e);
        }
        if (head.contentLength() != state.size()) {
            throw lostMultipart(path, state, gone);
        }
        return head.eTag();
    }

    private StorageException lostMultipart(StoragePath path, UploadState state, SdkException gone) {
        StorageException lost = store.lost(
                path, now -> state.uploadId().equals(now.uploadId()), "multipart upload " + state.uploadId());
        lost.addSuppressed(gone);
        return lost;
    }
}
