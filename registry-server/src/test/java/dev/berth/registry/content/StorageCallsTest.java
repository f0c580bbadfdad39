package dev.berth.registry.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.model.MediaTypes;
import dev.berth.registry.testing.CountingStorage;
import dev.berth.registry.testing.LocalServer;
import dev.berth.storage.fs.FileSystemStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many storage calls a push costs, by kind of request; on S3 each is at least one HTTP request.
 * Each bound is the count measured before uploads kept their state in hand for the length of a
 * request and before a manifest's references were checked once in full: a change that brings a
 * call back fails here.
 */
class StorageCallsTest {
    /** POST then PUT with the whole blob: 3 for the POST, 15 for the PUT (counts before this change). */
    private static final long SESSION_THEN_PUT_BEFORE = 18;
    /** One POST with {@code ?digest=} (the count before this change). */
    private static final long MONOLITHIC_POST_BEFORE = 18;
    /**
     * PUT of an image manifest by tag, its config and layer pushed before: 22 before this change,
     * plus the 4 calls of push records (stat and put of the revision's push record, read of the tag
     * before it moves, put of its move record; see {@link ImageRecords}).
     */
    private static final long MANIFEST_PUT_BEFORE = 22 + 4;
    /**
     * GET of that manifest by tag: read the tag and the revision, stat the link; the bytes, pushed
     * through this server, come from memory; the pull record adds no call but the one write per
     * hour.
     */
    private static final long MANIFEST_GET = 3;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Random random = new Random(11);

    @TempDir
    Path root;

    CountingStorage storage;
    LocalServer server;
    URI base;

    @BeforeEach
    void start() throws Exception {
        storage = new CountingStorage(new FileSystemStorage(root));
        Registry registry = new Registry(storage, Clock.systemUTC());
        server = LocalServer.start(registry);
        base = URI.create("http://127.0.0.1:" + server.address().getPort());
    }

    @AfterEach
    void stop() {
        server.close();
        storage.close();
    }

    @Test
    void aSessionThenAWholePut() throws Exception {
        byte[] blob = blob();
        storage.reset();
        HttpResponse<String> started = send(
                HttpRequest.newBuilder(base.resolve("/v2/count/app/blobs/uploads/"))
                        .POST(HttpRequest.BodyPublishers.noBody()),
                202);
        String upload = started.headers().firstValue("Location").orElseThrow();
        send(
                HttpRequest.newBuilder(base.resolve(upload + "?digest=" + digest(blob)))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)),
                201);
        assertFewer("POST + PUT ?digest=", SESSION_THEN_PUT_BEFORE);
    }

    @Test
    void aMonolithicPost() throws Exception {
        byte[] blob = blob();
        storage.reset();
        pushWhole(blob);
        assertFewer("POST ?digest=", MONOLITHIC_POST_BEFORE);
    }

    @Test
    void aManifestPut() throws Exception {
        byte[] manifest = manifestOfPushedBlobs();
        storage.reset();
        send(
                HttpRequest.newBuilder(base.resolve("/v2/count/app/manifests/v1"))
                        .header("Content-Type", MediaTypes.OCI_MANIFEST)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
                201);
        assertFewer("manifest PUT", MANIFEST_PUT_BEFORE);
    }

    /** The first GET records the pull with one write; the next, within the hour, costs what a GET did before. */
    @Test
    void manifestGets() throws Exception {
        send(
                HttpRequest.newBuilder(base.resolve("/v2/count/app/manifests/v1"))
                        .header("Content-Type", MediaTypes.OCI_MANIFEST)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifestOfPushedBlobs())),
                201);
        HttpRequest.Builder get = HttpRequest.newBuilder(base.resolve("/v2/count/app/manifests/v1"))
                .GET();
        storage.reset();
        send(get, 200);
        assertThat(storage.counts().get("put")).as("the pull record").isEqualTo(1);
        assertThat(storage.total()).isEqualTo(MANIFEST_GET + 1);
        storage.reset();
        send(get, 200);
        assertThat(storage.counts()).doesNotContainKey("put");
        assertThat(storage.total()).isEqualTo(MANIFEST_GET);
    }

    private byte[] manifestOfPushedBlobs() throws Exception {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = blob();
        pushWhole(config);
        pushWhole(layer);
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                        + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest(config)
                        + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                        + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + digest(layer) + "\",\"size\":"
                        + layer.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Prints the calls by method and checks that they are fewer than {@code before}. */
    private void assertFewer(String request, long before) {
        Map<String, Long> counts = storage.counts();
        StringBuilder table = new StringBuilder(String.format("%nstorage calls of %s (before: %d)%n", request, before));
        for (String method : new TreeSet<>(counts.keySet())) {
            table.append(String.format("  %-16s %3d%n", method, counts.get(method)));
        }
        table.append(String.format("  %-16s %3d%n", "total", storage.total()));
        System.out.print(table);
        assertThat(storage.total()).as("%s", table).isLessThan(before);
    }

    private void pushWhole(byte[] blob) throws Exception {
        send(
                HttpRequest.newBuilder(base.resolve("/v2/count/app/blobs/uploads/?digest=" + digest(blob)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(blob)),
                201);
    }

    private byte[] blob() {
        byte[] blob = new byte[64 * 1024];
        random.nextBytes(blob);
        return blob;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return r;
    }

    private static String digest(byte[] content) throws Exception {
        return "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
