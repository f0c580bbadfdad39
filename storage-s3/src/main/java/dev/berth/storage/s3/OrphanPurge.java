package dev.berth.storage.s3;

import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Removes what writers that died left below {@code ~uploads/}, so that a bucket needs no lifecycle
 * rule: a multipart upload that no upload state names (begun by a writer killed before it claimed
 * the upload, see {@link S3UploadWriter}), a piece no state names (stored by a writer killed before
 * its commit, or left by a clean-up cut short), and writer markers gone stale ({@link WriterIntents}).
 * Only leftovers older than the age asked for are touched, and a marker only once it is stale too,
 * so that writers at work keep theirs. An upload whose state cannot be read is left alone.
 */
final class OrphanPurge {

    private static final Logger log = LoggerFactory.getLogger(OrphanPurge.class);

    private final S3Client s3;
    private final String bucket;
    private final S3Keys keys;
    private final UploadStore store;

    OrphanPurge(S3Client s3, String bucket, S3Keys keys, UploadStore store) {
        this.s3 = s3;
        this.bucket = bucket;
        this.keys = keys;
        this.store = store;
    }

    int purge(Duration olderThan) {
        Instant now = Instant.now();
        Instant cutoff = now.minus(olderThan);
        Instant stale = now.minus(WriterIntents.STALE);
        Map<StoragePath, Optional<UploadState>> states = new HashMap<>();
        int removed = 0;
        for (MultipartUpload upload : S3Errors.call(
                "cannot list multipart uploads",
                () -> s3.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(keys.uploads())).uploads().stream()
                        .toList())) {
            Optional<S3Keys.UploadKey> key = keys.uploadKey(upload.key());
            if (key.isEmpty()
                    || !key.get().name().equals(S3Keys.DATA)
                    || !upload.initiated().isBefore(cutoff)) {
                continue;
            }
            Optional<UploadState> state = state(key.get().upload(), states);
            if (state != null
                    && (state.isEmpty() || !upload.uploadId().equals(state.get().uploadId()))) {
                store.abortMultipart(key.get().upload(), upload.uploadId());
                removed++;
            }
        }
        for (S3Object object : S3Errors.call(
                "cannot list uploads",
                () -> s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(keys.uploads())).contents().stream()
                        .toList())) {
            Optional<S3Keys.UploadKey> key = keys.uploadKey(object.key());
            if (key.isEmpty() || !object.lastModified().isBefore(cutoff)) {
                continue;
            }
            String name = key.get().name();
            boolean orphan = name.startsWith(S3Keys.WRITER)
                    ? object.lastModified().isBefore(stale)
                    : name.startsWith(S3Keys.PIECE)
                            && unreferenced(name, state(key.get().upload(), states));
            if (orphan) {
                S3Errors.call(
                        "cannot delete " + object.key(),
                        () -> s3.deleteObject(r -> r.bucket(bucket).key(object.key())));
                removed++;
            }
        }
        return removed;
    }

    private static boolean unreferenced(String piece, Optional<UploadState> state) {
        return state != null
                && (state.isEmpty()
                        || state.get().pieces().stream().noneMatch(p -> p.name().equals(piece)));
    }

    /** The upload's state, empty when it has none, null when it cannot be read. */
    private Optional<UploadState> state(StoragePath upload, Map<StoragePath, Optional<UploadState>> states) {
        if (!states.containsKey(upload)) {
            try {
                states.put(upload, store.load(upload));
            } catch (StorageException e) {
                log.warn("cannot read the state of upload {}; its leftovers are kept", upload, e);
                states.put(upload, null);
            }
        }
        return states.get(upload);
    }
}
