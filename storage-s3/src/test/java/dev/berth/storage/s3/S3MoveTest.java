package dev.berth.storage.s3;

import static dev.berth.storage.s3.TestData.MIB;
import static dev.berth.storage.s3.TestData.append;
import static dev.berth.storage.s3.TestData.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.StoragePath;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;

/**
 * Copies inside S3: one {@code CopyObject} up to the threshold, {@code UploadPartCopy} ranges above
 * it. The threshold is lowered from 5 GiB to 6 MiB so that small objects take the ranged path.
 */
class S3MoveTest {

    private static final long THRESHOLD = 6L * MIB;
    private static final StoragePath SOURCE = new StoragePath("m/source");
    private static final StoragePath TARGET = new StoragePath("m/target");

    private final S3ProxyServer server = S3ProxyServer.get();
    private final RequestRecorder recorder = new RequestRecorder();
    private String bucket;
    private S3Client client;
    private S3Storage storage;

    @BeforeEach
    void createStorage() {
        bucket = server.createBucket();
        client = server.client(recorder);
        storage = new S3Storage(server.config(bucket, "berth"), client, null, THRESHOLD, false);
    }

    @AfterEach
    void deleteBucket() {
        client.close();
        server.deleteBucket(bucket);
    }

    @Test
    void moveAboveTheThresholdCopiesInRangesNeverInOneCopy() {
        byte[] content = random(13 * MIB + 5, 1);
        storage.put(SOURCE, content);
        recorder.clear();

        storage.move(SOURCE, TARGET);

        assertEquals(List.of(), recorder.requests(CopyObjectRequest.class));
        List<UploadPartCopyRequest> copies = recorder.requests(UploadPartCopyRequest.class);
        assertEquals(
                List.of("bytes=0-6291455", "bytes=6291456-12582911", "bytes=12582912-13631492"),
                copies.stream().map(UploadPartCopyRequest::copySourceRange).toList());
        assertEquals(
                List.of(1, 2, 3),
                copies.stream().map(UploadPartCopyRequest::partNumber).toList());
        copies.forEach(c -> assertNotNull(c.copySourceIfMatch(), "all ranges of one object"));
        assertEquals(Optional.empty(), storage.stat(SOURCE));
        assertArrayEquals(content, storage.readAll(TARGET));
    }

    @Test
    void moveUpToTheThresholdIsOneCopyObject() {
        byte[] content = random((int) THRESHOLD, 2);
        storage.put(SOURCE, content);
        recorder.clear();

        storage.move(SOURCE, TARGET);

        assertEquals(1, recorder.requests(CopyObjectRequest.class).size());
        assertEquals(List.of(), recorder.requests(UploadPartCopyRequest.class));
        assertArrayEquals(content, storage.readAll(TARGET));
    }

    @Test
    void completingAnUploadAboveTheThresholdCopiesInRanges() {
        byte[] content = random(14 * MIB + 1, 3);
        StoragePath upload = new StoragePath("uploads/u/data");
        append(storage, upload, content, 0, 9 * MIB);
        append(storage, upload, content, 9 * MIB, content.length);
        recorder.clear();

        storage.upload(upload).complete(TARGET);

        assertEquals(List.of(), recorder.requests(CopyObjectRequest.class));
        assertEquals(3, recorder.requests(UploadPartCopyRequest.class).size());
        assertArrayEquals(content, storage.readAll(TARGET));
    }

    @Test
    void rangesStayWithinTenThousandPartsAndOneGibibyte() {
        ObjectCopier copier = new ObjectCopier(client, bucket, ObjectCopier.MAX_SINGLE_COPY);
        assertEquals(1L << 30, copier.rangeSize(6L << 30));
        long fiveTib = 5L << 40;
        long range = copier.rangeSize(fiveTib);
        assertTrue((fiveTib + range - 1) / range <= 10_000, "parts for 5 TiB: " + range);
        assertTrue(range <= ObjectCopier.MAX_SINGLE_COPY);
    }
}
