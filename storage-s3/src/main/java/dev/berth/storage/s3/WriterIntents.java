package dev.berth.storage.s3;

import dev.berth.storage.StoragePath;
import dev.berth.storage.UploadConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keeps the writers of one upload apart on a service without conditional writes. A writer puts a
 * marker of its own below the upload ({@code writer-<uuid>}), then lists the upload's markers, and
 * goes on only when it sees no other live one; otherwise it removes its marker and gives up.
 *
 * <p>Why at most one goes on: each writer lists after its own marker is stored, so of two writers
 * whose markers overlap in time, the one that lists last sees the other's marker and gives up (both
 * may give up, never both go on). A writer that comes after another one's marker is gone loads the
 * state that writer committed, since the state is loaded after the listing. This needs what AWS S3
 * (since 2020), MinIO and Ceph RGW promise: a listing shows every object stored before it began.
 *
 * <p>A marker that has not been renewed for {@link #STALE} belongs to a writer that died, and is
 * ignored (the orphan purge removes it). A live writer renews its marker whenever it writes, at most
 * every {@link #RENEW}, and looks once more before committing; one that stalled for longer than
 * {@link #STALE} without writing can meet a writer that took its place, and the later commit wins.
 */
final class WriterIntents {

    private static final Logger log = LoggerFactory.getLogger(WriterIntents.class);

    static final Duration STALE = Duration.ofMinutes(5);
    static final Duration RENEW = Duration.ofMinutes(1);

    private final S3Client s3;
    private final String bucket;
    private final S3Keys keys;

    WriterIntents(S3Client s3, String bucket, S3Keys keys) {
        this.s3 = s3;
        this.bucket = bucket;
        this.keys = keys;
    }

    /** What a writer does to stay apart from others; {@link #NONE} where conditional writes do it. */
    interface Guard {
        Guard NONE = new Guard() {
            @Override
            public void renewIfDue() {}

            @Override
            public void checkAlone() {}

            @Override
            public void release() {}
        };

        /** Keeps the writer's claim alive while it works. */
        void renewIfDue();

        /** @throws UploadConflictException when another live writer is at work on the upload */
        void checkAlone();

        /** Ends the writer's claim; further calls do nothing. */
        void release();
    }

    /** Puts this writer's marker and checks it is alone, see the class comment. */
    Guard acquire(StoragePath path) {
        Intent intent = new Intent(path, keys.upload(path) + S3Keys.WRITER + UUID.randomUUID());
        intent.renew();
        try {
            intent.checkAlone();
        } catch (RuntimeException e) {
            intent.release();
            throw e;
        }
        return intent;
    }

    /** One writer's marker. */
    private final class Intent implements Guard {
        private final StoragePath path;
        private final String key;
        private Instant renewed;
        private boolean released;

        private Intent(StoragePath path, String key) {
            this.path = path;
            this.key = key;
        }

        @Override
        public void renewIfDue() {
            if (Instant.now().isAfter(renewed.plus(RENEW))) {
                renew();
            }
        }

        private void renew() {
            S3Errors.call(
                    "cannot mark a writer of upload " + path,
                    () -> s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.empty()));
            renewed = Instant.now();
        }

        @Override
        public void checkAlone() {
            String markers = keys.upload(path) + S3Keys.WRITER;
            List<S3Object> found = S3Errors.call(
                    "cannot list the writers of upload " + path,
                    () -> s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(markers)).contents().stream()
                            .toList());
            Instant own = found.stream()
                    .filter(o -> o.key().equals(key))
                    .map(S3Object::lastModified)
                    .findFirst()
                    .orElseGet(Instant::now);
            Instant live = own.minus(STALE);
            if (found.stream()
                    .anyMatch(o -> !o.key().equals(key) && o.lastModified().isAfter(live))) {
                throw new UploadConflictException(path, "another writer is at work on it");
            }
        }

        /** Removes the marker; best effort, a leftover goes stale and is purged. */
        @Override
        public void release() {
            if (released) {
                return;
            }
            released = true;
            try {
                s3.deleteObject(r -> r.bucket(bucket).key(key));
            } catch (SdkException e) {
                log.warn("cannot remove writer marker {}; it goes stale and is purged", key, e);
            }
        }
    }
}
