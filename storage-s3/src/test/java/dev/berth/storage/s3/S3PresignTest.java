package dev.berth.storage.s3;

import static dev.berth.storage.s3.TestData.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.StoragePath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Presigned GET URLs, for redirecting blob downloads to S3. */
class S3PresignTest {

    private static final StoragePath BLOB = new StoragePath("blobs/sha256/cd/blob");

    private final S3ProxyServer server = S3ProxyServer.get();
    private final HttpClient http = HttpClient.newHttpClient();
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
    void aPresignedUrlIsFetchedByAPlainHttpGet() throws Exception {
        S3StorageConfig config = server.config(bucket, "berth").withPresignedRedirect(Duration.ofMinutes(5));
        try (S3Storage storage = S3Storage.create(config)) {
            byte[] content = random(300_000, 1);
            storage.put(BLOB, content);

            URI url = storage.presignedGet(BLOB).orElseThrow();

            assertTrue(url.getQuery().contains("X-Amz-Expires=300"), url.toString());
            HttpResponse<byte[]> whole =
                    http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, whole.statusCode());
            assertArrayEquals(content, whole.body());
            URI shortLived = storage.presignedGet(BLOB, Duration.ofSeconds(30)).orElseThrow();
            HttpResponse<byte[]> ranged = http.send(
                    HttpRequest.newBuilder(shortLived)
                            .header("Range", "bytes=1000-")
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, ranged.statusCode());
            assertArrayEquals(Arrays.copyOfRange(content, 1000, content.length), ranged.body());
        }
    }

    @Test
    void aTamperedPresignedUrlIsRefused() throws Exception {
        S3StorageConfig config = server.config(bucket, "berth").withPresignedRedirect(null);
        try (S3Storage storage = S3Storage.create(config)) {
            storage.put(BLOB, random(10, 2));
            storage.put(new StoragePath("blobs/sha256/cd/other"), random(10, 3));
            URI url = storage.presignedGet(BLOB).orElseThrow();
            URI other = URI.create(url.toString().replace("/blob?", "/other?"));
            HttpResponse<Void> response =
                    http.send(HttpRequest.newBuilder(other).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(403, response.statusCode());
        }
    }

    @Test
    void noPresignedUrlWhenRedirectsAreOff() {
        try (S3Storage storage = S3Storage.create(server.config(bucket, "berth"))) {
            assertEquals(Optional.empty(), storage.presignedGet(BLOB, Duration.ofMinutes(1)));
            assertEquals(Optional.empty(), storage.presignedGet(BLOB));
        }
    }

    @Test
    void aLifetimeBeyondSevenDaysIsRefused() {
        S3StorageConfig config = server.config(bucket, "berth").withPresignedRedirect(null);
        try (S3Storage storage = S3Storage.create(config)) {
            assertThrows(IllegalArgumentException.class, () -> storage.presignedGet(BLOB, Duration.ofDays(8)));
        }
        assertThrows(IllegalArgumentException.class, () -> server.config(bucket, "")
                .withPresignedRedirect(Duration.ofDays(8)));
    }
}
