package dev.berth.storage.s3;

import static dev.berth.storage.s3.TestData.MIB;
import static dev.berth.storage.s3.TestData.append;
import static dev.berth.storage.s3.TestData.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** Uploads as multipart uploads whose state lives in the bucket. */
class S3UploadTest {

    private static final StoragePath UPLOAD = new StoragePath("uploads/u1/data");
    private static final StoragePath TARGET = new StoragePath("blobs/sha256/ab/target");

    private final S3ProxyServer server = S3ProxyServer.get();
    private String bucket;
    private S3StorageConfig config;

    @BeforeEach
    void createBucket() {
        bucket = server.createBucket();
        config = server.config(bucket, "shared");
    }

    @AfterEach
    void deleteBucket() {
        server.deleteBucket(bucket);
    }

    @Test
    void anUploadBegunOnOneServerIsContinuedAndCompletedOnAnother() {
        byte[] content = random(23 * MIB + 12_345, 1);
        try (S3Storage a = S3Storage.create(config);
                S3Storage b = S3Storage.create(config)) {
            append(a, UPLOAD, content, 0, 7 * MIB + 3);
            assertEquals(OptionalLong.of(7 * MIB + 3), b.upload(UPLOAD).size());
            append(b, UPLOAD, content, 7 * MIB + 3, 16 * MIB);
            append(a, UPLOAD, content, 16 * MIB, 16 * MIB + 1);
            append(b, UPLOAD, content, 16 * MIB + 1, content.length);
            assertEquals(OptionalLong.of(content.length), a.upload(UPLOAD).size());

            b.upload(UPLOAD).complete(TARGET);

            assertArrayEquals(content, a.readAll(TARGET));
            assertArrayEquals(content, b.readAll(TARGET));
            assertEquals(OptionalLong.empty(), a.upload(UPLOAD).size());
        }
        assertEquals(List.of(), keysUnder("shared/~uploads/"));
    }

    /**
     * Chunks of one size between the minimum part size and a part become one part each, that size:
     * no piece is stored, read back or deleted, and a writer after the one before it on this store
     * sends its part under the number that one reserved, with one read and one write of the state.
     */
    @Test
    void chunksOfOneSizeFromTheMinimumPartSizeBecomeOnePartEach() {
        RequestRecorder recorder = new RequestRecorder();
        int chunk = 6 * MIB;
        byte[] content = random(3 * chunk + 1000, 3);
        try (S3Client client = server.client(recorder);
                S3Storage s = new S3Storage(config.withPartSize(16 * MIB), client, null)) {
            append(s, UPLOAD, content, 0, chunk);
            append(s, UPLOAD, content, chunk, 2 * chunk);
            int before = recorder.requests(SdkRequest.class).size();
            append(s, UPLOAD, content, 2 * chunk, 3 * chunk);
            List<SdkRequest> third = recorder.requests(SdkRequest.class).subList(before, before + 3);
            assertEquals(before + 3, recorder.requests(SdkRequest.class).size(), "requests: " + third);
            assertTrue(third.get(0) instanceof GetObjectRequest, "the state read: " + third);
            assertTrue(third.get(1) instanceof UploadPartRequest, "the part: " + third);
            assertTrue(third.get(2) instanceof PutObjectRequest put && put.ifMatch() != null, "the commit: " + third);
            append(s, UPLOAD, content, 3 * chunk, content.length);
            s.upload(UPLOAD).complete(TARGET);
            assertArrayEquals(content, s.readAll(TARGET));
        }
        List<Long> parts = recorder.requests(UploadPartRequest.class).stream()
                .map(UploadPartRequest::contentLength)
                .toList();
        assertEquals(List.of((long) chunk, (long) chunk, (long) chunk, 1000L), parts);
    }

    @Test
    void randomChunkSizesAcrossSeveralWritersCompleteByteIdentical() throws Exception {
        long wanted = 150L * MIB;
        Random plan = new Random(42);
        MessageDigest expected = sha256();
        long total = 0;
        int writers = 0;
        int chunk = 0;
        try (S3Storage a = new S3Storage(config, server.sharedClient(), null);
                S3Storage b = new S3Storage(config, server.client(), null)) {
            S3Storage[] servers = {a, b};
            while (total < wanted) {
                AppendWriter writer = servers[writers++ % 2].upload(UPLOAD).writer();
                assertEquals(total, writer.size());
                List<byte[]> written = new ArrayList<>();
                for (int i = 1 + plan.nextInt(3); i > 0 && writer.size() < wanted; i--) {
                    byte[] bytes = chunk(chunk + written.size());
                    writer.write(ByteBuffer.wrap(bytes));
                    written.add(bytes);
                }
                if (writers % 5 == 0) {
                    // A request failing part-way: the client sends the same chunks again.
                    writer.abandon();
                    assertEquals(OptionalLong.of(total), b.upload(UPLOAD).size());
                    continue;
                }
                writer.close();
                for (byte[] bytes : written) {
                    expected.update(bytes);
                    total += bytes.length;
                }
                chunk += written.size();
                assertEquals(OptionalLong.of(total), b.upload(UPLOAD).size());
            }
            assertPartsAreValid(total);

            a.upload(UPLOAD).complete(TARGET);

            assertEquals(total, b.stat(TARGET).orElseThrow().size());
            MessageDigest actual = sha256();
            try (InputStream in = b.read(TARGET, 0)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    actual.update(buffer, 0, n);
                }
            }
            assertArrayEquals(expected.digest(), actual.digest());
        }
        assertTrue(writers > 5, "several writers, some abandoned: " + writers);
    }

    @Test
    void anUploadOfExactlyOnePartCompletesWithoutPieces() {
        byte[] content = random(5 * MIB, 3);
        try (S3Storage storage = new S3Storage(config, server.sharedClient(), null)) {
            append(storage, UPLOAD, content, 0, content.length);
            storage.upload(UPLOAD).complete(TARGET);
            assertArrayEquals(content, storage.readAll(TARGET));
        }
    }

    @Test
    void manySmallWritersKeepFewPieces() {
        byte[] content = random(40 * 1000, 4);
        try (S3Storage storage = new S3Storage(config, server.sharedClient(), null)) {
            for (int i = 0; i < 40; i++) {
                append(storage, UPLOAD, content, i * 1000, (i + 1) * 1000);
                assertTrue(keysUnder("shared/~uploads/").size() <= S3UploadWriter.MAX_PIECES + 1);
            }
            storage.upload(UPLOAD).complete(TARGET);
            assertArrayEquals(content, storage.readAll(TARGET));
        }
        assertEquals(List.of(), keysUnder("shared/~uploads/"));
    }

    @Test
    void abandoningTheWriterThatBeganTheMultipartUploadAbortsIt() {
        try (S3Storage storage = new S3Storage(config, server.sharedClient(), null)) {
            AppendWriter writer = storage.upload(UPLOAD).writer();
            writer.write(ByteBuffer.wrap(random(6 * MIB, 5)));
            assertEquals(1, multipartUploads().size());
            writer.abandon();
            assertEquals(List.of(), multipartUploads());
            assertEquals(OptionalLong.of(0), storage.upload(UPLOAD).size());
        }
    }

    @Test
    void abortingAnUploadAbortsItsMultipartUploadAndLeavesNothing() {
        try (S3Storage storage = new S3Storage(config, server.sharedClient(), null)) {
            append(storage, UPLOAD, random(7 * MIB, 6), 0, 7 * MIB);
            assertEquals(1, multipartUploads().size());
            assertTrue(storage.upload(UPLOAD).cancel());
            assertEquals(List.of(), multipartUploads());
            assertEquals(List.of(), keysUnder("shared/~uploads/"));
        }
    }

    @Test
    void partsGrowEveryThousandPartsUpToOneGibibyte() {
        long base = 16L * MIB;
        assertEquals(base, PartSizes.size(base, 1));
        assertEquals(base, PartSizes.size(base, 1000));
        assertEquals(2 * base, PartSizes.size(base, 1001));
        assertEquals(4 * base, PartSizes.size(base, 2001));
        assertEquals(1024L * MIB, PartSizes.size(base, 9999));
        long capacity = 0;
        for (int n = 1; n < PartSizes.MAX_PARTS; n++) {
            capacity += PartSizes.size(S3StorageConfig.MIN_PART_SIZE, n);
        }
        assertTrue(capacity > 3L << 40, "even 5 MiB parts reach past 3 TiB: " + capacity);
    }

    @Test
    void aFullPartBeyondTheLimitIsRefusedWithAClearError() {
        PartSizes.checkFullPart(9999, 1);
        StorageException e = assertThrows(StorageException.class, () -> PartSizes.checkFullPart(10_000, 1));
        assertTrue(e.getMessage().contains("10000 parts"), e.getMessage());
    }

    /**
     * Every committed part is listed with its ETag, at least 5 MiB, numbers ascending; the other
     * listed parts are those abandoned writers sent, which completion leaves out.
     */
    private void assertPartsAreValid(long total) {
        S3Keys keys = new S3Keys(config.prefix());
        UploadState state = new UploadStore(
                        server.sharedClient(),
                        bucket,
                        keys,
                        new BulkDelete(server.sharedClient(), bucket),
                        new ConditionalWrites(server.sharedClient(), bucket, keys, S3StorageConfig.Toggle.AUTO))
                .load(UPLOAD)
                .orElseThrow();
        String key = keys.uploadData(UPLOAD);
        List<Part> parts = new ArrayList<>();
        server.sharedClient()
                .listPartsPaginator(r ->
                        r.bucket(bucket).key(key).uploadId(state.uploadId()).maxParts(3))
                .parts()
                .forEach(parts::add);
        long listed = 0;
        int previous = 0;
        for (UploadState.Part committed : state.parts()) {
            Part part = parts.stream()
                    .filter(p -> p.partNumber() == committed.number())
                    .findFirst()
                    .orElseThrow();
            assertTrue(part.partNumber() > previous);
            assertTrue(part.size() >= S3StorageConfig.MIN_PART_SIZE);
            assertEquals(committed.eTag(), part.eTag());
            previous = part.partNumber();
            listed += part.size();
        }
        assertEquals(total, listed + state.piecesSize());
        assertTrue(state.parts().size() > 20, "many parts: " + state.parts().size());
    }

    /** Chunk {@code n}: 1 byte to 40 MiB, skewed towards small sizes, the same every time. */
    private static byte[] chunk(int n) {
        Random sizes = new Random(1000 + n);
        int size = (int) Math.max(1, Math.exp(sizes.nextDouble() * Math.log(40.0 * MIB)));
        return random(size, n);
    }

    private List<String> keysUnder(String prefix) {
        return server
                .sharedClient()
                .listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
    }

    private List<MultipartUpload> multipartUploads() {
        return server.sharedClient().listMultipartUploads(r -> r.bucket(bucket)).uploads();
    }

    private static MessageDigest sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }
}
