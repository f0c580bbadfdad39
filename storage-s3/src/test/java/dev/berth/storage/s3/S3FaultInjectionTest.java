package dev.berth.storage.s3;

import static dev.berth.storage.s3.TestData.MIB;
import static dev.berth.storage.s3.TestData.append;
import static dev.berth.storage.s3.TestData.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * S3 failing at the worst moments, through a client that injects faults: nothing the driver
 * reports as failed is visible half-done, and the operation can be repeated.
 */
class S3FaultInjectionTest {

    private static final StoragePath UPLOAD = new StoragePath("uploads/u/data");
    private static final StoragePath TARGET = new StoragePath("blobs/sha256/ef/target");

    private final S3ProxyServer server = S3ProxyServer.get();
    private final FaultInjector faults = new FaultInjector();
    private String bucket;
    private S3Client client;
    private S3Storage storage;

    @BeforeEach
    void createStorage() {
        bucket = server.createBucket();
        client = server.client(faults);
        storage = new S3Storage(server.config(bucket, "berth"), client, null, 6L * MIB, false);
    }

    @AfterEach
    void deleteBucket() {
        client.close();
        server.deleteBucket(bucket);
    }

    @Test
    void aFailedCompleteMultipartUploadLeavesNoTargetAndCanBeRepeated() {
        byte[] content = random(12 * MIB + 7, 1);
        append(storage, UPLOAD, content, 0, content.length);
        faults.failCalls(CompleteMultipartUploadRequest.class, 1);

        assertThrows(StorageException.class, () -> storage.upload(UPLOAD).complete(TARGET));

        assertEquals(Optional.empty(), storage.stat(TARGET));
        assertEquals(OptionalLong.of(content.length), storage.upload(UPLOAD).size());
        storage.upload(UPLOAD).complete(TARGET);
        assertArrayEquals(content, storage.readAll(TARGET));
    }

    @Test
    void aFailedCopyAfterAssemblyLeavesTheOldTargetAndCanBeRepeated() {
        byte[] content = random(5 * MIB + 100, 2);
        storage.put(TARGET, "old".getBytes());
        append(storage, UPLOAD, content, 0, content.length);
        faults.failCalls(CopyObjectRequest.class, 1);

        assertThrows(StorageException.class, () -> storage.upload(UPLOAD).complete(TARGET));

        assertArrayEquals("old".getBytes(), storage.readAll(TARGET));
        // The multipart upload is complete now; a second attempt finds its object and copies it.
        storage.upload(UPLOAD).complete(TARGET);
        assertArrayEquals(content, storage.readAll(TARGET));
        assertEquals(OptionalLong.empty(), storage.upload(UPLOAD).size());
    }

    @Test
    void aFailedRangeCopyLeavesTheTargetAndTheSourceAndAbortsTheCopy() {
        byte[] content = random(13 * MIB, 3);
        StoragePath source = new StoragePath("m/source");
        storage.put(source, content);
        storage.put(TARGET, "old".getBytes());
        faults.failCalls(UploadPartCopyRequest.class, 1);

        assertThrows(StorageException.class, () -> storage.move(source, TARGET));

        assertArrayEquals("old".getBytes(), storage.readAll(TARGET));
        assertArrayEquals(content, storage.readAll(source));
        assertEquals(
                List.of(), client.listMultipartUploads(r -> r.bucket(bucket)).uploads());
    }

    @Test
    void aFailedStateWriteOnCloseKeepsTheUploadAsItWas() {
        byte[] content = random(3 * MIB, 4);
        append(storage, UPLOAD, content, 0, MIB);
        AppendWriter writer = storage.upload(UPLOAD).writer();
        writer.write(ByteBuffer.wrap(content, MIB, MIB));
        faults.failCalls(r -> r instanceof PutObjectRequest put && put.key().endsWith("/state"), 1);

        assertThrows(StorageException.class, writer::close);
        writer.abandon();

        assertEquals(OptionalLong.of(MIB), storage.upload(UPLOAD).size());
        append(storage, UPLOAD, content, MIB, content.length);
        storage.upload(UPLOAD).complete(TARGET);
        assertArrayEquals(content, storage.readAll(TARGET));
    }

    @Test
    void aFailedPartUploadFailsTheWriteAndTheClientCanResend() {
        byte[] content = random(11 * MIB, 5);
        append(storage, UPLOAD, content, 0, 2 * MIB);
        AppendWriter writer = storage.upload(UPLOAD).writer();
        faults.failCalls(UploadPartRequest.class, 1);

        assertThrows(StorageException.class, () -> writer.write(ByteBuffer.wrap(content, 2 * MIB, 9 * MIB)));
        writer.abandon();

        assertEquals(OptionalLong.of(2 * MIB), storage.upload(UPLOAD).size());
        append(storage, UPLOAD, content, 2 * MIB, content.length);
        storage.upload(UPLOAD).complete(TARGET);
        assertArrayEquals(content, storage.readAll(TARGET));
    }

    @Test
    void throttlingIsRetriedWithBackoff() {
        faults.failAttempts(PutObjectRequest.class, 2, 503);

        storage.put(TARGET, "stored".getBytes());

        assertEquals(3, faults.attempts(PutObjectRequest.class));
        assertArrayEquals("stored".getBytes(), storage.readAll(TARGET));
    }

    @Test
    void aPersistentServerErrorBecomesAStorageExceptionAfterFiveAttempts() {
        faults.failAttempts(HeadObjectRequest.class, 10, 500);

        StorageException e = assertThrows(StorageException.class, () -> storage.stat(TARGET));

        assertEquals(5, faults.attempts(HeadObjectRequest.class));
        assertInstanceOf(SdkException.class, e.getCause());
    }
}
