package dev.berth.storage.s3;

import dev.berth.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Deletes keys in batches: every key under a key prefix (one listing page, then one
 * {@code DeleteObjects}, at a time), or a few named keys in one {@code DeleteObjects}.
 */
final class BulkDelete {

    /** The most keys one {@code DeleteObjects} takes, and one listing page returns. */
    private static final int BATCH = 1000;

    private final S3Client s3;
    private final String bucket;

    BulkDelete(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Deletes every key starting with {@code keyPrefix} except those {@code keep} accepts. */
    void deleteUnder(String keyPrefix, Predicate<String> keep) {
        deleteUnder(keyPrefix, keep, List.of());
    }

    /**
     * Like {@link #deleteUnder(String, Predicate)}, deleting the keys {@code also} with the first
     * page, so that a key beside the prefix (the object at a prefix itself) costs no request of its
     * own.
     */
    void deleteUnder(String keyPrefix, Predicate<String> keep, List<String> also) {
        String token = null;
        List<String> extra = also;
        do {
            String continuation = token;
            int pageSize = BATCH - extra.size();
            ListObjectsV2Response page = S3Errors.call(
                    "cannot list " + keyPrefix,
                    () -> s3.listObjectsV2(r ->
                            r.bucket(bucket).prefix(keyPrefix).maxKeys(pageSize).continuationToken(continuation)));
            List<ObjectIdentifier> batch = new ArrayList<>();
            extra.forEach(key -> batch.add(ObjectIdentifier.builder().key(key).build()));
            extra = List.of();
            for (S3Object object : page.contents()) {
                if (!keep.test(object.key())) {
                    batch.add(ObjectIdentifier.builder().key(object.key()).build());
                }
            }
            delete(batch, keyPrefix);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    /** Deletes the keys (at most a batch) with one request; {@code what} names them in errors. */
    void deleteKeys(List<String> keys, String what) {
        if (keys.size() > BATCH) {
            throw new IllegalArgumentException("more than " + BATCH + " keys");
        }
        delete(
                keys.stream()
                        .map(key -> ObjectIdentifier.builder().key(key).build())
                        .toList(),
                what);
    }

    private void delete(List<ObjectIdentifier> batch, String keyPrefix) {
        if (batch.isEmpty()) {
            return;
        }
        DeleteObjectsResponse response = S3Errors.call(
                "cannot delete under " + keyPrefix,
                () -> s3.deleteObjects(
                        r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true))));
        if (!response.errors().isEmpty()) {
            throw new StorageException("cannot delete " + response.errors().size() + " objects under " + keyPrefix
                    + ", first " + response.errors().get(0));
        }
    }
}
