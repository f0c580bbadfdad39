package dev.berth.registry.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.RepositoryName;
import dev.berth.storage.Storage;
import dev.berth.storage.s3.S3ProxyServer;
import dev.berth.storage.s3.S3StorageConfig.Toggle;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.s3.S3Client;

/** Upload sessions served by two servers (two stores and two {@link Uploads}) on one S3Proxy bucket. */
class UploadsOnSharedS3Test {
    private static final int ROUNDS = 50;
    private static final int MIB = 1024 * 1024;

    private final S3ProxyServer s3 = S3ProxyServer.get();
    private final RepositoryName repo = new RepositoryName("team/app");
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private String bucket;

    @BeforeEach
    void createBucket() {
        bucket = s3.createBucket();
    }

    @AfterEach
    void deleteBucket() {
        threads.shutdownNow();
        s3.deleteBucket(bucket);
    }

    /**
     * Two PATCHes of the same session at the same offset, through servers A and B at once, each
     * round: with conditional writes exactly one gets its chunk accepted and the other a 416, with
     * writer markers at most one (both may get a 416, a client then resends). The digest of the
     * accepted chunks completes the upload, so no accepted chunk was dropped, and nothing is left.
     */
    @ParameterizedTest
    @EnumSource(
            value = Toggle.class,
            names = {"ON", "OFF"})
    void ofOneChunkSentThroughTwoServersAtOnceAtMostOneIsAccepted(Toggle conditionalWrites) throws Exception {
        ByteArrayOutputStream accepted = new ByteArrayOutputStream();
        try (Storage one = s3.newStorage(bucket, "berth", conditionalWrites);
                Storage two = s3.newStorage(bucket, "berth", conditionalWrites)) {
            Uploads a = uploads(one);
            Uploads b = uploads(two);
            UploadStatus session = a.start(repo, DigestAlgorithm.SHA256);
            Random random = new Random(7);
            for (int round = 0; round < ROUNDS; round++) {
                long offset = accepted.size();
                int size = round % 10 == 0 ? 5 * MIB + round : 1 + random.nextInt(30_000);
                byte[][] chunks = {bytes(random, size), bytes(random, size + 1)};
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Boolean>> patches = new ArrayList<>();
                Uploads[] servers = {a, b};
                for (int i = 0; i < 2; i++) {
                    Uploads server = servers[i];
                    byte[] chunk = chunks[i];
                    patches.add(threads.submit(() -> {
                        together.await();
                        return accepted(
                                () -> server.append(repo, session.id(), Optional.of(offset), ChunkSources.of(chunk)));
                    }));
                }
                boolean first = patches.get(0).get();
                boolean second = patches.get(1).get();
                assertThat(first && second).as("round %d: both accepted", round).isFalse();
                if (conditionalWrites == Toggle.ON) {
                    assertThat(first || second)
                            .as("round %d: neither accepted", round)
                            .isTrue();
                }
                if (first || second) {
                    accepted.write(first ? chunks[0] : chunks[1]);
                }
                assertThat(b.status(repo, session.id()).size()).isEqualTo(accepted.size());
            }
            Digest digest = Digest.of(DigestAlgorithm.SHA256, accepted.toByteArray());
            assertThat(b.complete(repo, session.id(), digest, Optional.of((long) accepted.size()), ChunkSources.of()))
                    .isEqualTo(digest);
        }
        assertThat(s3.sharedClient().listMultipartUploads(r -> r.bucket(bucket)).uploads())
                .isEmpty();
        assertThat(s3.sharedClient()
                        .listObjectsV2(r -> r.bucket(bucket).prefix("berth/~uploads/"))
                        .contents())
                .isEmpty();
    }

    /** The registry's upload purge also aborts multipart uploads that a killed writer left behind. */
    @Test
    void theIdleUploadPurgeAbortsMultipartUploadsNoSessionNames() throws Exception {
        S3Client client = s3.sharedClient();
        try (Storage storage = s3.newStorage(bucket, "berth", Toggle.AUTO)) {
            // The key layout of storage-s3: a writer killed before any state named its multipart upload.
            client.createMultipartUpload(
                    r -> r.bucket(bucket).key("berth/~uploads/uploads/" + UUID.randomUUID() + "/data/~/data"));
            Thread.sleep(1100); // S3 times have whole seconds: let "idle for 0 s" hold
            uploads(storage).purgeIdle(Duration.ZERO);
        }
        assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
    }

    private static Uploads uploads(Storage storage) {
        DeletionGuard guard = new DeletionGuard(storage, Clock.systemUTC(), Duration.ofHours(1));
        return new Uploads(storage, new BlobStore(storage, guard), guard, Clock.systemUTC());
    }

    /** Runs a PATCH: true when it was accepted, false when it got a 416. */
    private static boolean accepted(Runnable patch) {
        try {
            patch.run();
            return true;
        } catch (RegistryException e) {
            if (e.code() != ErrorCode.UPLOAD_RANGE_INVALID) {
                fail("a PATCH failed otherwise than with a 416", e);
            }
            return false;
        }
    }

    private static byte[] bytes(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }
}
