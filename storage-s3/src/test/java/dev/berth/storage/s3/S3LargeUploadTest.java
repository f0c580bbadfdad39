package dev.berth.storage.s3;

import static dev.berth.storage.s3.TestData.MIB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.StoragePath;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;

/**
 * An upload above 5 GiB, with the real copy threshold: its completion must copy in
 * {@code UploadPartCopy} ranges, never in one {@code CopyObject}. Tagged {@code large} (about
 * 20 GiB of disk and minutes): run with {@code -Dgroups=large -DexcludedGroups=}.
 */
@Tag("large")
class S3LargeUploadTest {

    private static final long SIZE = 5L * 1024 * MIB + 3 * MIB + 1;
    private static final int CHUNK = 64 * MIB;

    @Test
    void anUploadAboveFiveGibibytesCompletesByteIdentical(@TempDir Path directory) throws Exception {
        S3ProxyServer server = S3ProxyServer.onDisk(directory);
        RequestRecorder recorder = new RequestRecorder();
        String bucket = server.createBucket();
        StoragePath upload = new StoragePath("uploads/large/data");
        StoragePath target = new StoragePath("blobs/sha256/ff/large");
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (S3Client client = server.client(recorder);
                S3Storage storage = new S3Storage(server.config(bucket, "berth").withPartSize(0), client, null)) {
            byte[] chunk = new byte[CHUNK];
            long written = 0;
            while (written < SIZE) {
                try (AppendWriter writer = storage.upload(upload).writer()) {
                    for (int i = 0; i < 16 && written < SIZE; i++) {
                        int n = (int) Math.min(CHUNK, SIZE - written);
                        fill(chunk, written);
                        writer.write(ByteBuffer.wrap(chunk, 0, n));
                        expected.update(chunk, 0, n);
                        written += n;
                    }
                }
            }
            recorder.clear();

            storage.upload(upload).complete(target);

            assertEquals(List.of(), recorder.requests(CopyObjectRequest.class));
            List<UploadPartCopyRequest> ranges = recorder.requests(UploadPartCopyRequest.class);
            assertEquals(6, ranges.size());
            assertTrue(ranges.stream().allMatch(r -> r.copySourceRange() != null));
            assertEquals(SIZE, storage.stat(target).orElseThrow().size());
            MessageDigest actual = MessageDigest.getInstance("SHA-256");
            try (InputStream in = storage.read(target, 0)) {
                byte[] buffer = new byte[1 << 20];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    actual.update(buffer, 0, n);
                }
            }
            assertArrayEquals(expected.digest(), actual.digest());
        } finally {
            server.stop();
        }
    }

    /** Cheap bytes that differ everywhere: each 8-byte word is its own offset, scrambled. */
    private static void fill(byte[] chunk, long offset) {
        ByteBuffer words = ByteBuffer.wrap(chunk);
        for (long word = offset / 8; words.remaining() >= 8; word++) {
            words.putLong(word * 0x9E3779B97F4A7C15L);
        }
    }
}
