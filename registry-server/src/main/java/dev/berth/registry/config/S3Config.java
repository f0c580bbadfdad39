package dev.berth.registry.config;

import java.time.Duration;

/**
 * The {@code s3.*} keys, used when {@code storage} is {@code s3://bucket/prefix}.
 *
 * @param region         signing region; null for the SDK's default chain (us-east-1 with an endpoint)
 * @param endpoint       endpoint override for S3-compatible services (MinIO, Ceph RGW, R2); null for AWS
 * @param pathStyle      address buckets in the path, as most S3-compatible services need
 * @param accessKey      static access key; null (with secretKey) for the SDK's default credentials chain
 * @param secretKey      static secret key, or null
 * @param partSize       bytes per multipart-upload part, 5 MiB to 1 GiB; 0 for the default (16 MiB)
 * @param redirect       answer blob GETs with a 307 to a presigned S3 URL instead of streaming
 * @param redirectExpiry how long a presigned URL stays valid
 * @param conditionalWrites whether upload state is written with S3 conditional writes; null (auto)
 *     to probe the service once
 * @param chunkedEncoding whether payloads signed on plain HTTP use the SDK's aws-chunked encoding;
 *     null (auto) for off with an {@code http://} endpoint and on otherwise
 */
public record S3Config(String region, String endpoint, boolean pathStyle, String accessKey, String secretKey,
        long partSize, boolean redirect, Duration redirectExpiry, Boolean conditionalWrites, Boolean chunkedEncoding) {

    /** With both {@code auto} settings. */
    public S3Config(String region, String endpoint, boolean pathStyle, String accessKey, String secretKey,
            long partSize, boolean redirect, Duration redirectExpiry) {
        this(region, endpoint, pathStyle, accessKey, secretKey, partSize, redirect, redirectExpiry, null, null);
    }

    public static S3Config defaults() {
        return new S3Config(null, null, false, null, null, 0, false, Duration.ofMinutes(15));
    }

    /** Never shows the secret key. */
    @Override
    public String toString() {
        return "S3Config[region=" + region + ", endpoint=" + endpoint + ", pathStyle=" + pathStyle + ", accessKey="
                + accessKey + ", secretKey=" + (secretKey == null ? null : "***") + ", partSize=" + partSize
                + ", redirect=" + redirect + ", redirectExpiry=" + redirectExpiry + ", conditionalWrites="
                + conditionalWrites + ", chunkedEncoding=" + chunkedEncoding + "]";
    }
}
