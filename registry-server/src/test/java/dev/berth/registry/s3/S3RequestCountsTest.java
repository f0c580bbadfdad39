package dev.berth.registry.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.content.Registry;
import dev.berth.registry.model.MediaTypes;
import dev.berth.registry.testing.LocalServer;
import dev.berth.storage.s3.S3ProxyServer;
import dev.berth.storage.s3.S3Storage;
import dev.berth.storage.s3.S3StorageConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The S3 requests of the client operations the benchmark counts (see bench/README.md), on the
 * default part size: each bound is what the operation needs today, so a change that brings back a
 * request fails here. A blob of 20 MiB stands for the benchmark's 100 MiB; a PATCH of 5 MiB costs
 * the same requests whatever the blob's size.
 */
class S3RequestCountsTest {
    private static final int MIB = 1024 * 1024;
    private static final int BLOB = 20 * MIB;
    private static final int CHUNK = 5 * MIB;

    private final S3ProxyServer s3 = S3ProxyServer.get();
    private final Counter counter = new Counter();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Random random = new Random(5);
    private String bucket;
    private S3Client client;
    private S3Storage storage;
    private LocalServer server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        bucket = s3.createBucket();
        client = s3.client(counter);
        storage =
                new S3Storage(s3.config(bucket, "berth").withPartSize(S3StorageConfig.DEFAULT_PART_SIZE), client, null);
        server = LocalServer.start(new Registry(storage, Clock.systemUTC()));
        base = server.base();
        // One-time work (the conditional-write probe) is not counted.
        pushWhole(bytes(1024));
        counter.take();
    }

    @AfterEach
    void stop() {
        server.close();
        storage.close();
        client.close();
        s3.deleteBucket(bucket);
    }

    @Test
    void aBlobInOnePut() throws Exception {
        byte[] blob = bytes(BLOB);
        String upload = startUpload();
        send(
                HttpRequest.newBuilder(base.resolve(upload + "?digest=" + RegistryHttp.sha256(blob)))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)),
                201);
        // POST: the session's info. PUT: info, the state looked for and created; the
        // multipart upload begun, the claim of its first part number, a full part, the finishing
        // record, the rest as a piece, the commit; the claim against garbage collection (record
        // looked for and written, tombstone looked for) and the dedup look; completion (state,
        // piece, last part, complete, copy); clean-up (state, its prefix; the session) and the
        // link.
        assertAtMost("blob push in one PUT", 26);
    }

    @Test
    void aBlobInPatchesOfFiveMib() throws Exception {
        byte[] blob = bytes(BLOB);
        String upload = startUpload();
        // The session's info; its upload is begun by the first chunk.
        assertThat(total(counter.take())).as("POST").isEqualTo(1);
        for (int from = 0; from < BLOB; from += CHUNK) {
            send(
                    HttpRequest.newBuilder(base.resolve(upload))
                            .header("Content-Range", from + "-" + (from + CHUNK - 1))
                            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(blob, from, CHUNK)),
                    202);
            Map<String, Long> patch = counter.take();
            // The session's info and the upload's state read, the chunk sent as a part, the state
            // written; the first PATCH creates the state, begins the multipart upload and claims
            // its part number, the next ones take the number the one before reserved.
            long extra = from == 0 ? 3 : 0;
            assertThat(total(patch)).as("PATCH at %d: %s", from, patch).isLessThanOrEqualTo(4 + extra);
            assertThat(patch.getOrDefault("GetObject", 0L)).as("%s", patch).isEqualTo(2);
        }
        send(
                HttpRequest.newBuilder(base.resolve(upload + "?digest=" + RegistryHttp.sha256(blob)))
                        .PUT(HttpRequest.BodyPublishers.noBody()),
                201);
        // Info, state, the finishing record; the claim and the dedup look; completion (state,
        // complete, copy); clean-up and the link, as above.
        assertAtMost("PUT ?digest= after the PATCHes", 16);
    }

    @Test
    void aManifestPutThenGetByTagAndABlobGet() throws Exception {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = bytes(64 * 1024);
        pushWhole(config);
        pushWhole(layer);
        counter.take();
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                        + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + RegistryHttp.sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                        + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + RegistryHttp.sha256(layer)
                        + "\",\"size\":" + layer.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        send(
                HttpRequest.newBuilder(base.resolve("/v2/count/app/manifests/latest"))
                        .header("Content-Type", MediaTypes.OCI_MANIFEST)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
                201);
        // References linked (2) and, after their claims, linked with their content (4); claims of
        // the manifest (record looked for, written) and of its two references (record looked for
        // and read), each then looking for a tombstone (8); bytes, link, revision; push record
        // looked for and written; tag read, written, its move record.
        assertAtMost("manifest PUT", 23);

        send(
                HttpRequest.newBuilder(base.resolve("/v2/count/app/manifests/latest"))
                        .header("Accept", MediaTypes.OCI_MANIFEST)
                        .GET(),
                200);
        // Tag, revision, link; the bytes from memory; the first pull of the hour is recorded.
        assertAtMost("manifest GET by tag", 4);

        send(
                HttpRequest.newBuilder(base.resolve("/v2/count/app/blobs/" + RegistryHttp.sha256(layer)))
                        .GET(),
                200);
        // The link, then the bytes: the size is known from the push.
        assertAtMost("blob GET", 2);
    }

    private void assertAtMost(String operation, long bound) {
        Map<String, Long> counts = counter.take();
        System.out.printf("S3 requests of %s: %d %s%n", operation, total(counts), counts);
        assertThat(total(counts)).as("%s: %s", operation, counts).isLessThanOrEqualTo(bound);
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private String startUpload() throws Exception {
        return send(
                        HttpRequest.newBuilder(base.resolve("/v2/count/app/blobs/uploads/"))
                                .POST(HttpRequest.BodyPublishers.noBody()),
                        202)
                .headers()
                .firstValue("Location")
                .orElseThrow();
    }

    private void pushWhole(byte[] blob) throws Exception {
        send(
                HttpRequest.newBuilder(base.resolve("/v2/count/app/blobs/uploads/?digest=" + RegistryHttp.sha256(blob)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(blob)),
                201);
    }

    private byte[] bytes(int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return r;
    }

    /** Counts the S3 calls by operation, a conditional PutObject apart; retries count once. */
    private static final class Counter implements ExecutionInterceptor {
        private final Map<String, Long> counts = new TreeMap<>();

        @Override
        public synchronized void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            SdkRequest request = context.request();
            String name = request.getClass().getSimpleName().replaceFirst("Request$", "");
            if (request instanceof PutObjectRequest put && (put.ifMatch() != null || put.ifNoneMatch() != null)) {
                name += " (conditional)";
            }
            counts.merge(name, 1L, Long::sum);
        }

        /** The counts since the last call, which starts counting again. */
        synchronized Map<String, Long> take() {
            Map<String, Long> taken = new TreeMap<>(counts);
            counts.clear();
            return taken;
        }
    }
}
