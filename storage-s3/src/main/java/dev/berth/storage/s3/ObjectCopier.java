package dev.berth.storage.s3;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/**
 * Copies one object to another key inside the bucket without the bytes leaving S3. Up to the copy
 * threshold (5 GiB, the most one {@code CopyObject} may copy) that is one {@code CopyObject};
 * above it, a multipart upload at the target whose parts are {@code UploadPartCopy} ranges of the
 * source. Either way the target changes in one step, when the copy succeeds, or not at all.
 */
final class ObjectCopier {

    static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;
    /** Smaller ranges than 5 GiB keep each request short enough for timeouts and retries. */
    private static final long MAX_COPY_PART = 1024L * 1024 * 1024;

    private static final int MAX_PARTS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(ObjectCopier.class);

    private final S3Client s3;
    private final String bucket;
    private final long threshold;

    /** {@code threshold}: objects larger than this are copied in ranges; at most 5 GiB. */
    ObjectCopier(S3Client s3, String bucket, long threshold) {
        if (threshold < S3StorageConfig.MIN_PART_SIZE || threshold > MAX_SINGLE_COPY) {
            throw new IllegalArgumentException("copy threshold must be within 5 MiB..5 GiB: " + threshold);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.threshold = threshold;
    }

    /**
     * Copies {@code size} bytes of {@code source} (whose ETag is {@code eTag}, so that every range
     * comes from the same object) to {@code target}, replacing it.
     *
     * @throws SdkException as the SDK reports it; the caller knows what a 404 means
     */
    void copy(String source, String target, long size, String eTag) {
        if (size <= threshold) {
            s3.copyObject(r -> r.sourceBucket(bucket)
                    .sourceKey(source)
                    .destinationBucket(bucket)
                    .destinationKey(target));
        } else {
            copyInRanges(source, target, size, eTag);
        }
    }

    /** Bytes per {@code UploadPartCopy} range for an object of {@code size} bytes. */
    long rangeSize(long size) {
        long partsLimited = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(Math.min(threshold, MAX_COPY_PART), partsLimited);
    }

    private void copyInRanges(String source, String target, long size, String eTag) {
        String uploadId =
                s3.createMultipartUpload(r -> r.bucket(bucket).key(target)).uploadId();
        try {
            long range = rangeSize(size);
            List<CompletedPart> parts = new ArrayList<>();
            for (long start = 0; start < size; start += range) {
                int number = parts.size() + 1;
                String bytes = "bytes=" + start + "-" + (Math.min(start + range, size) - 1);
                UploadPartCopyResponse part = s3.uploadPartCopy(r -> r.sourceBucket(bucket)
                        .sourceKey(source)
                        .copySourceIfMatch(eTag)
                        .copySourceRange(bytes)
                        .destinationBucket(bucket)
                        .destinationKey(target)
                        .uploadId(uploadId)
                        .partNumber(number));
                parts.add(CompletedPart.builder()
                        .partNumber(number)
                        .eTag(part.copyPartResult().eTag())
                        .build());
            }
            s3.completeMultipartUpload(
                    r -> r.bucket(bucket).key(target).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            abortQuietly(target, uploadId);
            throw e;
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            log.warn(
                    "cannot abort the multipart copy to {} (upload {}); a bucket lifecycle rule "
                            + "for incomplete multipart uploads will remove it",
                    key,
                    uploadId,
                    e);
        }
    }
}
