package dev.berth.storage.s3;

import static dev.berth.storage.s3.TestData.MIB;
import static dev.berth.storage.s3.TestData.append;
import static dev.berth.storage.s3.TestData.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.StoragePath;
import dev.berth.storage.UploadConflictException;
import dev.berth.storage.s3.S3StorageConfig.Toggle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two stores on one bucket, as two servers are, append to the same upload at the same moment, from
 * the same starting size, many times over: at most one may ever commit, and the loser leaves
 * nothing behind. With conditional writes exactly one commits every time; with writer markers
 * both may give up, never both commit. S3Proxy's conditional writes are made atomic here as S3's
 * are, see {@link AtomicConditionalWrites}.
 */
class S3ConcurrentWritersTest {

    private static final int ROUNDS = 50;
    private static final StoragePath TARGET = new StoragePath("blobs/target");

    private final S3ProxyServer server = S3ProxyServer.get();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private String bucket;

    @BeforeEach
    void createBucket() {
        bucket = server.createBucket();
    }

    @AfterEach
    void deleteBucket() {
        threads.shutdownNow();
        server.deleteBucket(bucket);
    }

    @ParameterizedTest
    @EnumSource(
            value = Toggle.class,
            names = {"ON", "OFF"})
    void ofTwoWritersRacingFromOneSizeNeverBothCommit(Toggle conditionalWrites) throws Exception {
        int decided = 0;
        try (S3Storage a = server.newStorage(bucket, "shared", conditionalWrites);
                S3Storage b = server.newStorage(bucket, "shared", conditionalWrites)) {
            for (int round = 0; round < ROUNDS; round++) {
                StoragePath upload = new StoragePath("uploads/r" + round + "/data");
                byte[] base = random(1000 + round, round);
                append(a, upload, base, 0, base.length);
                // Every tenth round the chunks fill a part, so both writers would send part 1.
                int size = round % 10 == 0 ? 5 * MIB + round : 20_000 + round;
                byte[][] chunks = {random(size, 1000 + round), random(size + 1, 2000 + round)};
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Boolean>> racers = new ArrayList<>();
                S3Storage[] stores = {a, b};
                for (int i = 0; i < 2; i++) {
                    S3Storage store = stores[i];
                    byte[] chunk = chunks[i];
                    racers.add(threads.submit(() -> commits(store, upload, base.length, chunk, start)));
                }
                boolean first = racers.get(0).get();
                boolean second = racers.get(1).get();
                assertTrue(!(first && second), "round " + round + ": both writers committed");
                if (conditionalWrites == Toggle.ON) {
                    assertTrue(first || second, "round " + round + ": neither writer committed");
                }
                byte[] expected = first ? concat(base, chunks[0]) : second ? concat(base, chunks[1]) : base;
                decided += first || second ? 1 : 0;
                assertEquals(OptionalLong.of(expected.length), b.upload(upload).size(), "round " + round);
                a.upload(upload).complete(TARGET);
                assertArrayEquals(expected, b.readAll(TARGET), "round " + round);
            }
        }
        assertEquals(List.of(), multipartUploads(), "multipart uploads leaked");
        assertEquals(List.of(), keysUnder("shared/~uploads/"), "pieces or markers leaked");
        assertTrue(decided > 0, "some round has a winner");
    }

    /**
     * One writer, as a registry request runs it: opens, goes on only if the upload still has the
     * size the chunk was meant to follow, appends, commits. True when it committed.
     */
    private static boolean commits(S3Storage store, StoragePath upload, long from, byte[] chunk, CyclicBarrier start)
            throws Exception {
        start.await();
        AppendWriter writer;
        try {
            writer = store.upload(upload).writer();
        } catch (UploadConflictException lost) {
            return false;
        }
        if (writer.size() != from) {
            writer.abandon();
            return false;
        }
        try {
            writer.write(ByteBuffer.wrap(chunk));
            writer.close();
            return true;
        } catch (UploadConflictException lost) {
            writer.abandon();
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
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
}
