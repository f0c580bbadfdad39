package dev.berth.storage.s3;

import static dev.berth.storage.s3.TestData.MIB;
import static dev.berth.storage.s3.TestData.append;
import static dev.berth.storage.s3.TestData.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.storage.StoragePath;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Leftovers of writers killed mid-request (simulated by making their S3 calls directly and never
 * cleaning up) are removed by {@link S3Storage#purgeLeftovers}; live uploads keep everything.
 */
class S3OrphanPurgeTest {

    private static final StoragePath LIVE = new StoragePath("uploads/live/data");
    private static final StoragePath SMALL = new StoragePath("uploads/small/data");
    private static final StoragePath GONE = new StoragePath("uploads/gone/data");

    private final S3ProxyServer server = S3ProxyServer.get();
    private final S3Client s3 = server.sharedClient();
    private String bucket;
    private S3Keys keys;

    @BeforeEach
    void createBucket() {
        bucket = server.createBucket();
        keys = new S3Keys("berth/");
    }

    @AfterEach
    void deleteBucket() {
        server.deleteBucket(bucket);
    }

    @Test
    void multipartUploadsAndPiecesNoStateNamesAreRemovedAndLiveOnesKept() throws Exception {
        byte[] live = random(6 * MIB + 5, 1);
        byte[] small = random(3000, 2);
        try (S3Storage storage = new S3Storage(server.config(bucket, "berth"), s3, null)) {
            append(storage, LIVE, live, 0, live.length);
            append(storage, SMALL, small, 0, small.length);
            String named = multipartUploads().get(0).uploadId();
            // Writers that began a multipart upload and were killed before any state named it.
            beginMultipart(LIVE);
            beginMultipart(SMALL);
            beginMultipart(GONE);
            // Pieces stored by writers killed before their commit, and one of an upload gone since.
            putPiece(LIVE);
            putPiece(SMALL);
            putPiece(GONE);
            assertEquals(4, multipartUploads().size());
            Thread.sleep(1100); // S3 times have whole seconds: let "older than 0 s" hold for all

            assertEquals(6, storage.purgeLeftovers(Duration.ZERO));

            assertEquals(
                    List.of(named),
                    multipartUploads().stream().map(MultipartUpload::uploadId).toList());
            assertEquals(
                    Set.of(keys.uploadState(LIVE), keys.uploadState(SMALL)),
                    keysUnder(keys.uploads()).stream()
                            .filter(k -> !k.contains("/~/piece-"))
                            .collect(Collectors.toSet()));
            assertEquals(
                    2,
                    keysUnder(keys.uploads()).stream()
                            .filter(k -> k.contains("/~/piece-"))
                            .count(),
                    "the committed pieces of both live uploads are kept");
            assertEquals(0, storage.purgeLeftovers(Duration.ZERO));

            storage.upload(LIVE).complete(new StoragePath("blobs/live"));
            storage.upload(SMALL).complete(new StoragePath("blobs/small"));
            assertArrayEquals(live, storage.readAll(new StoragePath("blobs/live")));
            assertArrayEquals(small, storage.readAll(new StoragePath("blobs/small")));
        }
        assertEquals(List.of(), multipartUploads());
    }

    /**
     * A writer killed after sending a part (it never closes nor abandons) leaves its multipart
     * upload claimed in the state: the next writer, on another server, continues it instead of
     * beginning another, and completion leaves none behind.
     */
    @Test
    void aWriterKilledAfterSendingAPartLeavesAMultipartUploadTheNextWriterReuses() {
        byte[] content = random(6 * MIB, 4);
        try (S3Storage killed = new S3Storage(
                        server.config(bucket, "berth"), server.client(), null, ObjectCopier.MAX_SINGLE_COPY, true);
                S3Storage next = new S3Storage(server.config(bucket, "berth"), s3, null)) {
            killed.upload(LIVE).writer().write(ByteBuffer.wrap(random(5 * MIB + 1, 5)));
            assertEquals(1, multipartUploads().size());

            append(next, LIVE, content, 0, content.length);
            assertEquals(1, multipartUploads().size());
            assertEquals(0, next.purgeLeftovers(Duration.ZERO));
            next.upload(LIVE).complete(new StoragePath("blobs/live"));
            assertArrayEquals(content, next.readAll(new StoragePath("blobs/live")));
        }
        assertEquals(List.of(), multipartUploads());
    }

    @Test
    void leftoversYoungerThanTheAgeAreKept() {
        try (S3Storage storage = new S3Storage(server.config(bucket, "berth"), s3, null)) {
            beginMultipart(GONE);
            putPiece(GONE);
            assertEquals(0, storage.purgeLeftovers(Duration.ofHours(1)));
            assertEquals(1, multipartUploads().size());
            assertEquals(1, keysUnder(keys.uploads()).size());
        }
    }

    private void beginMultipart(StoragePath upload) {
        s3.createMultipartUpload(r -> r.bucket(bucket).key(keys.uploadData(upload)));
    }

    private void putPiece(StoragePath upload) {
        s3.putObject(
                r -> r.bucket(bucket).key(keys.upload(upload) + S3Keys.newPieceName()),
                RequestBody.fromBytes(random(100, 3)));
    }

    private List<MultipartUpload> multipartUploads() {
        return s3.listMultipartUploads(r -> r.bucket(bucket).prefix("berth/")).uploads();
    }

    private List<String> keysUnder(String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }
}
