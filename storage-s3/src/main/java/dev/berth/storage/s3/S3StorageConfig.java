package dev.berth.storage.s3;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how {@link S3Storage} keeps its objects. Validated and normalised on construction.
 *
 * @param bucket the bucket, which must exist
 * @param prefix prepended to every key, so that several stores can share a bucket; null or empty
 *     for none, otherwise normalised to end with one {@code /}
 * @param region the signing region; null to take it from the SDK's default chain ({@code AWS_REGION},
 *     profile, instance metadata), or {@code us-east-1} when an endpoint is given
 * @param endpoint an endpoint override for S3-compatible services (MinIO, Ceph RGW, R2...); null for
 *     AWS
 * @param pathStyle address the bucket in the path ({@code host/bucket/key}) rather than the host
 *     name, as most S3-compatible services need
 * @param accessKey a static access key, given together with {@code secretKey}; both null to use the
 *     SDK's default credentials chain (environment, profile, web identity, instance role)
 * @param secretKey the static secret key, or null
 * @param partSize bytes per multipart-upload part: each open upload holds at most one part in memory.
 *     0 for the default of 16 MiB; otherwise between 5 MiB (S3's minimum) and 1 GiB (a part is
 *     one byte array). See {@code PartSizes} for how parts grow in very large uploads
 * @param presignedRedirect whether {@link S3Storage#presignedGet} hands out presigned URLs
 * @param presignExpiry how long a presigned URL stays valid; null for 15 minutes; at most 7 days
 * @param conditionalWrites whether upload state is written with S3 conditional writes
 *     ({@code If-None-Match: *}, {@code If-Match}), which make writers on several servers exclusive;
 *     {@code AUTO} (also for null) probes the service once, on the first upload. {@code OFF} uses
 *     writer markers and listings instead, see {@code WriterIntents}
 * @param chunkedEncoding whether payloads signed on plain HTTP are sent in the SDK's streaming
 *     {@code aws-chunked} encoding, which several S3-compatible services cannot decode;
 *     {@code AUTO} (also for null) turns it off for an {@code http://} endpoint, where the SDK then
 *     signs each payload whole, and leaves it on otherwise (over HTTPS nothing is chunk-signed)
 */
public record S3StorageConfig(
        String bucket,
        String prefix,
        String region,
        URI endpoint,
        boolean pathStyle,
        String accessKey,
        String secretKey,
        long partSize,
        boolean presignedRedirect,
        Duration presignExpiry,
        Toggle conditionalWrites,
        Toggle chunkedEncoding) {

    /** A setting that is on, off, or decided by Berth for the service at hand. */
    public enum Toggle {
        AUTO,
        ON,
        OFF
    }

    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final long MAX_PART_SIZE = 1024L * 1024 * 1024;
    public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;
    public static final Duration DEFAULT_PRESIGN_EXPIRY = Duration.ofMinutes(15);
    /** SigV4 presigned URLs cannot live longer. */
    public static final Duration MAX_PRESIGN_EXPIRY = Duration.ofDays(7);

    public S3StorageConfig {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("S3 bucket is required");
        }
        prefix = normalisePrefix(prefix);
        if (region != null && region.isBlank()) {
            region = null;
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("give both an S3 access key and a secret key, or neither");
        }
        if (partSize == 0) {
            partSize = DEFAULT_PART_SIZE;
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("S3 part size must be between 5 MiB and 1 GiB: " + partSize);
        }
        if (presignExpiry == null) {
            presignExpiry = DEFAULT_PRESIGN_EXPIRY;
        }
        if (presignExpiry.isNegative() || presignExpiry.isZero() || presignExpiry.compareTo(MAX_PRESIGN_EXPIRY) > 0) {
            throw new IllegalArgumentException(
                    "presigned URL expiry must be positive and at most 7 days: " + presignExpiry);
        }
        if (conditionalWrites == null) {
            conditionalWrites = Toggle.AUTO;
        }
        if (chunkedEncoding == null) {
            chunkedEncoding = Toggle.AUTO;
        }
    }

    /** A bucket and key prefix, everything else at its default: AWS, default credentials. */
    public static S3StorageConfig of(String bucket, String prefix) {
        return new S3StorageConfig(bucket, prefix, null, null, false, null, null, 0, false, null, null, null);
    }

    public S3StorageConfig withRegion(String region) {
        return new S3StorageConfig(
                bucket,
                prefix,
                region,
                endpoint,
                pathStyle,
                accessKey,
                secretKey,
                partSize,
                presignedRedirect,
                presignExpiry,
                conditionalWrites,
                chunkedEncoding);
    }

    public S3StorageConfig withEndpoint(URI endpoint, boolean pathStyle) {
        return new S3StorageConfig(
                bucket,
                prefix,
                region,
                endpoint,
                pathStyle,
                accessKey,
                secretKey,
                partSize,
                presignedRedirect,
                presignExpiry,
                conditionalWrites,
                chunkedEncoding);
    }

    public S3StorageConfig withCredentials(String accessKey, String secretKey) {
        return new S3StorageConfig(
                bucket,
                prefix,
                region,
                endpoint,
                pathStyle,
                accessKey,
                secretKey,
                partSize,
                presignedRedirect,
                presignExpiry,
                conditionalWrites,
                chunkedEncoding);
    }

    public S3StorageConfig withPartSize(long partSize) {
        return new S3StorageConfig(
                bucket,
                prefix,
                region,
                endpoint,
                pathStyle,
                accessKey,
                secretKey,
                partSize,
                presignedRedirect,
                presignExpiry,
                conditionalWrites,
                chunkedEncoding);
    }

    /** Turns presigned redirects on, with URLs valid for {@code expiry}. */
    public S3StorageConfig withPresignedRedirect(Duration expiry) {
        return new S3StorageConfig(
                bucket,
                prefix,
                region,
                endpoint,
                pathStyle,
                accessKey,
                secretKey,
                partSize,
                true,
                expiry,
                conditionalWrites,
                chunkedEncoding);
    }

    public S3StorageConfig withConditionalWrites(Toggle conditionalWrites) {
        return new S3StorageConfig(
                bucket,
                prefix,
                region,
                endpoint,
                pathStyle,
                accessKey,
                secretKey,
                partSize,
                presignedRedirect,
                presignExpiry,
                conditionalWrites,
                chunkedEncoding);
    }

    public S3StorageConfig withChunkedEncoding(Toggle chunkedEncoding) {
        return new S3StorageConfig(
                bucket,
                prefix,
                region,
                endpoint,
                pathStyle,
                accessKey,
                secretKey,
                partSize,
                presignedRedirect,
                presignExpiry,
                conditionalWrites,
                chunkedEncoding);
    }

    /** {@link #chunkedEncoding} resolved: off by default only for a plain-HTTP endpoint. */
    public boolean chunkedEncodingEnabled() {
        return switch (chunkedEncoding) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> endpoint == null || !"http".equalsIgnoreCase(endpoint.getScheme());
        };
    }

    /** Never prints the secret key. */
    @Override
    public String toString() {
        return "S3StorageConfig[bucket=" + bucket + ", prefix=" + prefix + ", region=" + region
                + ", endpoint=" + endpoint + ", pathStyle=" + pathStyle
                + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? null : "***")
                + ", partSize=" + partSize + ", presignedRedirect=" + presignedRedirect
                + ", presignExpiry=" + presignExpiry + ", conditionalWrites=" + conditionalWrites
                + ", chunkedEncoding=" + chunkedEncoding + "]";
    }

    private static String normalisePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "" : p + "/";
    }
}
