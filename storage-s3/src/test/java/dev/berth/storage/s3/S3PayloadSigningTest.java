package dev.berth.storage.s3;

import static dev.berth.storage.s3.TestData.MIB;
import static dev.berth.storage.s3.TestData.append;
import static dev.berth.storage.s3.TestData.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.StoragePath;
import dev.berth.storage.s3.S3StorageConfig.Toggle;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Payload signing on plain HTTP: by default against an {@code http://} endpoint nothing is sent in
 * the {@code aws-chunked} encoding that several S3-compatible services cannot decode; the setting
 * turns it back on.
 */
class S3PayloadSigningTest {

    private static final StoragePath OBJECT = new StoragePath("blobs/small");
    private static final StoragePath UPLOAD = new StoragePath("uploads/u/data");

    private final S3ProxyServer server = S3ProxyServer.get();
    private String bucket;

    @BeforeEach
    void createBucket() {
        bucket = server.createBucket();
    }

    @AfterEach
    void deleteBucket() {
        server.deleteBucket(bucket);
    }

    @Test
    void anHttpEndpointGetsWholePayloadsSignedByDefault() {
        HttpRecorder http = new HttpRecorder();
        List<SdkHttpRequest> puts = writeThrough(server.config(bucket, "p"), http);
        assertFalse(puts.isEmpty());
        for (SdkHttpRequest put : puts) {
            assertFalse(chunked(put), "aws-chunked request: " + put.headers());
            assertTrue(
                    put.firstMatchingHeader("x-amz-content-sha256")
                            .orElseThrow()
                            .matches("[0-9a-f]{64}"),
                    "payload hash signed: " + put.headers());
        }
    }

    @Test
    void chunkedEncodingCanBeTurnedOn() {
        HttpRecorder http = new HttpRecorder();
        List<SdkHttpRequest> puts = writeThrough(server.config(bucket, "p").withChunkedEncoding(Toggle.ON), http);
        assertTrue(puts.stream().anyMatch(S3PayloadSigningTest::chunked));
    }

    @Test
    void autoMeansOffForHttpOnlyAndOnForAwsAndHttps() {
        S3StorageConfig aws = S3StorageConfig.of("b", "");
        assertTrue(aws.chunkedEncodingEnabled());
        assertTrue(aws.withEndpoint(URI.create("https://s3.example"), true).chunkedEncodingEnabled());
        assertFalse(aws.withEndpoint(URI.create("http://127.0.0.1:9000"), true).chunkedEncodingEnabled());
        assertFalse(aws.withEndpoint(URI.create("https://s3.example"), true)
                .withChunkedEncoding(Toggle.OFF)
                .chunkedEncodingEnabled());
    }

    /** Stores a small object and an upload of a part and a piece; the PUTs as sent, bytes checked. */
    private List<SdkHttpRequest> writeThrough(S3StorageConfig config, HttpRecorder http) {
        byte[] small = random(1000, 1);
        byte[] large = random(5 * MIB + 17, 2);
        try (S3Storage storage = new S3Storage(
                config, S3Clients.client(config, List.of(http)), null, ObjectCopier.MAX_SINGLE_COPY, true)) {
            storage.put(OBJECT, small);
            append(storage, UPLOAD, large, 0, large.length);
            storage.upload(UPLOAD).complete(new StoragePath("blobs/large"));
            assertArrayEquals(small, storage.readAll(OBJECT));
            assertArrayEquals(large, storage.readAll(new StoragePath("blobs/large")));
        }
        List<SdkHttpRequest> all = new java.util.ArrayList<>(http.sent(PutObjectRequest.class));
        all.addAll(http.sent(UploadPartRequest.class));
        return all;
    }

    private static boolean chunked(SdkHttpRequest request) {
        return request.firstMatchingHeader("Content-Encoding").orElse("").contains("aws-chunked")
                || request.firstMatchingHeader("x-amz-content-sha256")
                        .orElse("")
                        .startsWith("STREAMING-");
    }
}
