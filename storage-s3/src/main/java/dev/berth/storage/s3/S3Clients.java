package dev.berth.storage.s3;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Builds the SDK clients for a {@link S3StorageConfig}.
 *
 * <p>The SDK's Apache HttpClient 5 client: the URL-connection one trips over stale keep-alive
 * connections. Without {@code Expect: 100-continue}: with S3 it would at best save re-sending one
 * rejected part, and some S3-compatible servers answer it late, stalling every empty PUT. The
 * SDK's standard retry mode retries throttling (503 SlowDown), 500/502/503/504,
 * I/O errors and timeouts with exponential backoff and jitter, within a retry quota so that an
 * outage is not multiplied; five attempts rather than three since a registry would rather wait a
 * few seconds than fail a push. No overall call timeout: a blob GET streams for as long as the
 * client reads, and the socket timeout already catches a stalled connection.
 *
 * <p>Flexible checksums only where S3 requires them ({@code DeleteObjects}): by default the SDK
 * adds a CRC32 trailer to every {@code PutObject} and {@code UploadPart}, which older
 * S3-compatible servers refuse, and mixing part checksums into a multipart upload created without
 * a checksum algorithm is a known source of {@code InvalidPart} at completion. Integrity comes
 * from TLS (or SigV4 payload signing on plain HTTP) and from the registry, which checks every
 * blob's digest.
 *
 * <p>On plain HTTP the SDK signs payloads; by default it streams them in {@code aws-chunked}
 * encoding with a signature per chunk ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}), which several
 * S3-compatible services store verbatim or refuse. {@link S3StorageConfig#chunkedEncodingEnabled()}
 * turns that off for {@code http://} endpoints: each payload, at most one part, is then hashed
 * whole and signed in the header.
 */
final class S3Clients {

    private static final int MAX_ATTEMPTS = 5;

    private S3Clients() {}

    static S3Client client(S3StorageConfig config) {
        return client(config, List.of());
    }

    /** A client that also calls {@code interceptors} around every request (tests inject faults). */
    static S3Client client(S3StorageConfig config, List<ExecutionInterceptor> interceptors) {
        RetryStrategy retries = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .connectionAcquisitionTimeout(Duration.ofSeconds(60))
                        .maxConnections(128)
                        .expectContinueEnabled(false)
                        .tcpKeepAlive(true))
                .overrideConfiguration(o -> o.retryStrategy(retries).executionInterceptors(interceptors))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder()
                        .chunkedEncodingEnabled(config.chunkedEncodingEnabled())
                        .build())
                .forcePathStyle(config.pathStyle())
                .credentialsProvider(credentials(config));
        Region region = region(config);
        if (region != null) {
            builder.region(region);
        }
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder.build();
    }

    static S3Presigner presigner(S3StorageConfig config) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(config.pathStyle())
                        .build())
                .credentialsProvider(credentials(config));
        Region region = region(config);
        if (region != null) {
            builder.region(region);
        }
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder.build();
    }

    /** S3-compatible services mostly ignore the region, but SigV4 needs one. */
    private static Region region(S3StorageConfig config) {
        if (config.region() != null) {
            return Region.of(config.region());
        }
        return config.endpoint() != null ? Region.US_EAST_1 : null;
    }

    private static AwsCredentialsProvider credentials(S3StorageConfig config) {
        if (config.accessKey() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
