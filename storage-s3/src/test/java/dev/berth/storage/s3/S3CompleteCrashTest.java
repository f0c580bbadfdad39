package dev.berth.storage.s3;

import static dev.berth.storage.s3.TestData.MIB;
import static dev.berth.storage.s3.TestData.append;
import static dev.berth.storage.s3.TestData.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.ObjectNotFoundException;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A server killed at each S3 request of a completion in turn: another driver on the bucket then
 * finds the upload whole (and completes it) or gone with the target written, never a state it
 * cannot complete; aborting the path then leaves nothing of the upload.
 */
class S3CompleteCrashTest {

    private final S3ProxyServer server = S3ProxyServer.get();
    private final Death death = new Death();
    private String bucket;
    private S3Client dyingClient;

    /** Fails the nth S3 call from arming, and every call after it, before it is sent. */
    static final class Death implements ExecutionInterceptor {
        private final AtomicLong calls = new AtomicLong();
        private volatile long at = Long.MAX_VALUE;

        void arm(long n) {
            calls.set(0);
            at = n;
        }

        long calls() {
            return calls.get();
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (calls.incrementAndGet() >= at) {
                throw S3Exception.builder()
                        .statusCode(500)
                        .message("injected crash")
                        .build();
            }
        }
    }

    @BeforeEach
    void createBucket() {
        bucket = server.createBucket();
        dyingClient = server.client(death);
    }

    @AfterEach
    void deleteBucket() {
        dyingClient.close();
        server.deleteBucket(bucket);
    }

    @ParameterizedTest
    @ValueSource(ints = {3000, 7 * MIB + 3000})
    void aCompletionKilledAtAnyRequestCanBeFinishedByAnotherServer(int size) {
        byte[] content = random(size, size);
        long steps = 0;
        for (long n = 1; steps == 0 || n <= steps; n++) {
            StoragePath upload = new StoragePath("uploads/u" + n + "/data");
            StoragePath target = new StoragePath("blobs/t" + n);
            S3Storage dying = new S3Storage(server.config(bucket, "berth"), dyingClient, null);
            death.arm(Long.MAX_VALUE);
            append(dying, upload, content, 0, size / 2);
            append(dying, upload, content, size / 2, size);
            if (steps == 0) {
                death.arm(Long.MAX_VALUE);
                dying.upload(upload).complete(target);
                steps = death.calls();
                assertTrue(steps > 1);
                continue;
            }
            death.arm(n);
            assertThrows(StorageException.class, () -> dying.upload(upload).complete(target));

            S3Storage restarted = new S3Storage(server.config(bucket, "berth"), server.sharedClient(), null);
            if (restarted.upload(upload).size().isPresent()) {
                restarted.upload(upload).complete(target);
            }
            assertArrayEquals(content, restarted.readAll(target), "killed at request " + n + " of " + steps);
            restarted.upload(upload).cancel();
            assertEquals(List.of(), keysUnder("berth/~uploads/uploads/u" + n + "/"), "request " + n);
            assertEquals(
                    List.of(),
                    server.sharedClient()
                            .listMultipartUploads(r -> r.bucket(bucket))
                            .uploads());
        }
    }

    @Test
    void anUploadWhoseStateNamesLostPiecesIsRemovedNotRetriedForever() {
        S3Storage storage = new S3Storage(server.config(bucket, "berth"), server.sharedClient(), null);
        StoragePath upload = new StoragePath("uploads/u/data");
        byte[] content = random(6 * MIB + 100, 5);
        append(storage, upload, content, 0, content.length);
        for (String key : keysUnder("berth/~uploads/uploads/u/")) {
            if (key.contains("/piece-")) {
                server.sharedClient().deleteObject(r -> r.bucket(bucket).key(key));
            }
        }
        assertEquals(OptionalLong.of(content.length), storage.upload(upload).size());
        StoragePath target = new StoragePath("blobs/t");
        assertThrows(ObjectNotFoundException.class, () -> storage.upload(upload).complete(target));
        assertEquals(OptionalLong.empty(), storage.upload(upload).size());
        assertTrue(storage.stat(target).isEmpty());
        assertEquals(List.of(), keysUnder("berth/~uploads/"));
        assertEquals(
                List.of(),
                server.sharedClient()
                        .listMultipartUploads(r -> r.bucket(bucket))
                        .uploads());
    }

    private List<String> keysUnder(String prefix) {
        return server.sharedClient().listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }
}
