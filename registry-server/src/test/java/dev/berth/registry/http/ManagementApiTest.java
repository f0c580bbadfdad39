package dev.berth.registry.http;

import static dev.berth.registry.testing.AuthFixtures.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.registry.auth.modes.AuthFactory;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.RegistryConfig.AuthConfig.Mode;
import dev.berth.registry.config.RegistryConfig.HttpConfig;
import dev.berth.registry.content.Registry;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.MediaTypes;
import dev.berth.registry.testing.AuthFixtures;
import dev.berth.registry.testing.LocalServer;
import dev.berth.storage.fs.FileSystemStorage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management API through HTTP on the filesystem driver with basic auth and a policy: an
 * administrator sees everything, a reader with pull on one repository sees only that one, and
 * every size is checked against what the test pushed and what lies on disk.
 */
class ManagementApiTest {
    private static final String ADMIN = basic("admin", "secret");
    private static final String READER = basic("reader", "secret");
    private static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private LocalServer server;
    private Path storage;

    private final byte[] shared = bytes("shared layer", 3000);
    private final byte[] onlyA = bytes("layer of a", 1200);
    private final byte[] onlyB = bytes("layer of b", 700);
    private final byte[] configA = config("linux", "amd64");
    private final byte[] configArm = config("linux", "arm64");
    private final byte[] configB = config("linux", "386");

    @BeforeEach
    void start() throws Exception {
        storage = Files.createDirectory(dir.resolve("storage"));
        Path users = AuthFixtures.usersFile(dir, "admin", "secret", "reader", "secret");
        Path policy = Files.writeString(dir.resolve("policy.yml"), """
                rules:
                  - subjects: ["user:admin"]
                    repositories: ["**"]
                    actions: ["*"]
                    registry: [catalog, gc]
                  - subjects: ["user:reader"]
                    repositories: ["team/a"]
                    actions: [pull]
                    registry: [catalog]
                """);
        Registry registry = new Registry(new FileSystemStorage(storage), Clock.systemUTC());
        server = LocalServer.start(
                registry,
                AuthFactory.create(AuthFixtures.config(dir, Mode.BASIC)
                        .set(ConfigKey.AUTH_USERS, users.toString())
                        .set(ConfigKey.AUTH_POLICY, policy.toString())
                        .load()
                        .auth()),
                HttpConfig.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void describesRepositoriesImagesAndTheStoreAsPushed() throws Exception {
        byte[] imageA = pushImage("team/a", "v1", configA, shared, onlyA);
        byte[] imageArm = pushImage("team/a", null, configArm, onlyA);
        byte[] index = manifest(
                MediaTypes.OCI_INDEX,
                "\"manifests\":[" + child(imageA, "amd64") + "," + child(imageArm, "arm64") + "]");
        put("team/a", "multi", MediaTypes.OCI_INDEX, index);
        byte[] signature = signature(imageA);
        byte[] imageB = pushImage("team/b", "latest", configB, shared, onlyB);

        // Repositories: everything the manifests reference, each blob once per repository.
        JsonNode repos = get("/api/v1/repositories", ADMIN).path("repositories");
        assertThat(names(repos, "repositoryName")).containsExactly("team/a", "team/b");
        long sizeA = sum(imageA, imageArm, index, signature, configA, configArm, shared, onlyA, emptyConfig());
        long sizeB = sum(imageB, configB, shared, onlyB);
        assertThat(repos.get(0).path("imageCount").asInt()).isEqualTo(4);
        assertThat(repos.get(0).path("storedSizeInBytes").asLong()).isEqualTo(sizeA);
        assertThat(repos.get(0).path("lastPushedAt").asText()).isNotEmpty();
        assertThat(repos.get(1).path("storedSizeInBytes").asLong()).isEqualTo(sizeB);
        assertThat(names(get("/api/v1/repositories", READER).path("repositories"), "repositoryName"))
                .as("a reader sees only what it may pull")
                .containsExactly("team/a");

        // Images: layer sizes, tags, config summary, platforms of the index.
        Map<String, JsonNode> images =
                byDigest(get("/api/v1/repositories/team/a/images", READER).path("imageDetails"));
        assertThat(images).containsOnlyKeys(digest(imageA), digest(imageArm), digest(index), digest(signature));
        JsonNode a = images.get(digest(imageA));
        assertThat(a.path("imageSizeInBytes").asLong()).isEqualTo(shared.length + onlyA.length);
        assertThat(names(a.path("imageTags"), null)).containsExactly("v1");
        assertThat(a.path("config").path("architecture").asText()).isEqualTo("amd64");
        assertThat(a.path("config").path("created").asText()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(a.path("imagePushedBy").asText()).isEqualTo("admin");
        assertThat(a.path("imageManifestMediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
        JsonNode multi = images.get(digest(index));
        assertThat(multi.path("imageSizeInBytes").asLong())
                .as("distinct layers of its children")
                .isEqualTo(shared.length + onlyA.length);
        assertThat(names(multi.path("platforms"), "architecture")).containsExactly("amd64", "arm64");
        assertThat(names(multi.path("platforms"), "imageDigest")).containsExactly(digest(imageA), digest(imageArm));
        assertThat(names(
                        get("/api/v1/repositories/team/a/images?tagStatus=UNTAGGED", READER)
                                .path("imageDetails"),
                        "imageDigest"))
                .containsExactlyInAnyOrder(digest(imageArm), digest(signature));

        // One image: shared layers named in both repositories, for whoever may pull both.
        JsonNode detail = get("/api/v1/repositories/team/a/images/v1", ADMIN);
        assertThat(detail.path("imageDigest").asText()).isEqualTo(digest(imageA));
        assertThat(names(detail.path("layers"), "digest")).containsExactly(digest(shared), digest(onlyA));
        assertThat(names(detail.path("layers").get(0).path("sharedWith"), null)).containsExactly("team/b");
        assertThat(names(detail.path("layers").get(1).path("sharedWith"), null)).isEmpty();
        assertThat(detail.path("layers").get(0).path("sizeInBytes").asLong()).isEqualTo(shared.length);
        assertThat(names(detail.path("referrers"), "imageDigest")).containsExactly(digest(signature));
        assertThat(detail.path("referrers").get(0).path("artifactType").asText())
                .isEqualTo("application/vnd.example.signature");
        JsonNode fromB = get("/api/v1/repositories/team/b/images/" + digest(imageB), ADMIN);
        assertThat(names(fromB.path("layers").get(0).path("sharedWith"), null)).containsExactly("team/a");
        JsonNode readerView = get("/api/v1/repositories/team/a/images/v1", READER);
        assertThat(names(readerView.path("layers").get(0).path("sharedWith"), null))
                .as("team/b is not the reader's to know")
                .isEmpty();

        // Totals against the blobs on disk.
        JsonNode totals = get("/api/v1/store", ADMIN);
        assertThat(totals.path("storedBytes").asLong()).isEqualTo(blobBytesOnDisk());
        assertThat(totals.path("blobCount").asLong()).isEqualTo(blobsOnDisk());
        assertThat(totals.path("logicalBytes").asLong()).isEqualTo(sizeA + sizeB);
        assertThat(totals.path("dedupSavedBytes").asLong()).isEqualTo(shared.length);
        assertThat(totals.path("unreferencedBytes").asLong()).isZero();
        assertThat(totals.path("repositoryCount").asInt()).isEqualTo(2);
        assertThat(totals.path("imageCount").asLong()).isEqualTo(5);
    }

    @Test
    void pagesWithMaxResultsAndNextToken() throws Exception {
        List<String> pushed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pushed.add(digest(pushImage("team/a", "t" + i, config("linux", "v" + i), shared)));
            pushImage("team/r" + i, "x", configB, onlyB);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = get(
                    "/api/v1/repositories/team/a/images?maxResults=2" + (token == null ? "" : "&nextToken=" + token),
                    READER);
            assertThat(page.path("imageDetails").size()).isLessThanOrEqualTo(2);
            seen.addAll(names(page.path("imageDetails"), "imageDigest"));
            token = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(pushed.stream().sorted().toList());

        JsonNode first = get("/api/v1/repositories?maxResults=4", ADMIN);
        assertThat(names(first.path("repositories"), "repositoryName"))
                .containsExactly("team/a", "team/r0", "team/r1", "team/r2");
        JsonNode second = get(
                "/api/v1/repositories?maxResults=4&nextToken="
                        + first.get("nextToken").asText(),
                ADMIN);
        assertThat(names(second.path("repositories"), "repositoryName")).containsExactly("team/r3", "team/r4");
        assertThat(second.has("nextToken")).isFalse();

        assertThat(send(request("/api/v1/repositories?maxResults=0", READER).GET())
                        .statusCode())
                .isEqualTo(400);
        assertThat(send(request("/api/v1/repositories?nextToken=garbage", READER)
                                .GET())
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void deletesSeveralTagsAndDigestsReportingEachFailure() throws Exception {
        byte[] one = pushImage("team/a", "one", configA, shared);
        put("team/a", "also-one", MediaTypes.OCI_MANIFEST, one);
        byte[] two = pushImage("team/a", "two", configB, onlyB);
        byte[] three = pushImage("team/a", "three", configArm, onlyA);
        String body = """
                {"imageIds":[{"imageTag":"one"},{"imageDigest":"%s"},{"imageTag":"missing"},
                  {"imageDigest":"sha256:nothex"},{"imageTag":"three","imageDigest":"%s"},{}]}""".formatted(digest(two), digest(one));

        assertThat(send(request("/api/v1/repositories/team/a/batch-delete-image", READER)
                                .POST(HttpRequest.BodyPublishers.ofString(body)))
                        .statusCode())
                .as("a reader may not delete")
                .isEqualTo(403);
        HttpResponse<String> r = send(request("/api/v1/repositories/team/a/batch-delete-image", ADMIN)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = Json.MAPPER.readTree(r.body());
        assertThat(answer.path("imageIds").size()).isEqualTo(2);
        assertThat(answer.path("imageIds").get(0).path("imageTag").asText()).isEqualTo("one");
        assertThat(answer.path("imageIds").get(0).path("imageDigest").asText()).isEqualTo(digest(one));
        assertThat(answer.path("imageIds").get(1).path("imageDigest").asText()).isEqualTo(digest(two));
        assertThat(names(answer.path("failures"), "failureCode"))
                .containsExactly(
                        "ImageNotFound", "InvalidImageDigest", "ImageTagDoesNotMatchDigest", "MissingDigestAndTag");
        assertThat(answer.path("failures")
                        .get(0)
                        .path("imageId")
                        .path("imageTag")
                        .asText())
                .isEqualTo("missing");

        Map<String, JsonNode> left =
                byDigest(get("/api/v1/repositories/team/a/images", ADMIN).path("imageDetails"));
        assertThat(left).containsOnlyKeys(digest(one), digest(three));
        assertThat(names(left.get(digest(one)).path("imageTags"), null)).containsExactly("also-one");
        assertThat(send(request("/v2/team/a/manifests/two", ADMIN).GET()).statusCode())
                .isEqualTo(404);

        assertThat(send(request("/api/v1/repositories/team/a/batch-delete-image", ADMIN)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"imageIds\":\"x\"}")))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void refusesWhatTheCallerMayNotSeeAndUnknownNames() throws Exception {
        pushImage("team/b", "latest", configB, onlyB);
        assertThat(send(request("/api/v1/store", READER).GET()).statusCode()).isEqualTo(403);
        assertThat(send(request("/api/v1/repositories/team/b/images", READER).GET())
                        .statusCode())
                .isEqualTo(403);
        assertThat(send(request("/api/v1/repositories/team/a/images", READER).GET())
                        .statusCode())
                .isEqualTo(404);
        assertThat(send(request("/api/v1/repositories/team/b/images/nope", ADMIN)
                                .GET())
                        .statusCode())
                .isEqualTo(404);
        assertThat(send(request("/api/v1/repositories/Team/b/images", ADMIN).GET())
                        .statusCode())
                .isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/repositories"))
                                .GET())
                        .statusCode())
                .isEqualTo(401);
    }

    // ---- pushing -----------------------------------------------------------------------------

    private byte[] pushImage(String repo, String tag, byte[] config, byte[]... layers) throws Exception {
        pushBlob(repo, config);
        StringBuilder list = new StringBuilder();
        for (byte[] layer : layers) {
            pushBlob(repo, layer);
            list.append(list.length() == 0 ? "" : ",").append(descriptor(LAYER, layer));
        }
        byte[] manifest = manifest(
                MediaTypes.OCI_MANIFEST, "\"config\":" + descriptor(OCI_CONFIG, config) + ",\"layers\":[" + list + "]");
        put(repo, tag == null ? digest(manifest) : tag, MediaTypes.OCI_MANIFEST, manifest);
        return manifest;
    }

    private byte[] signature(byte[] subject) throws Exception {
        pushBlob("team/a", emptyConfig());
        pushBlob("team/a", shared);
        byte[] manifest = manifest(
                MediaTypes.OCI_MANIFEST,
                "\"artifactType\":\"application/vnd.example.signature\","
                        + "\"config\":" + descriptor("application/vnd.oci.empty.v1+json", emptyConfig())
                        + ",\"layers\":[" + descriptor(LAYER, shared) + "],\"subject\":"
                        + descriptor(MediaTypes.OCI_MANIFEST, subject));
        put("team/a", digest(manifest), MediaTypes.OCI_MANIFEST, manifest);
        return manifest;
    }

    private void pushBlob(String repo, byte[] blob) throws Exception {
        HttpResponse<String> r = send(request("/v2/" + repo + "/blobs/uploads/?digest=" + digest(blob), ADMIN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(blob)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private void put(String repo, String reference, String mediaType, byte[] manifest) throws Exception {
        HttpResponse<String> r = send(request("/v2/" + repo + "/manifests/" + reference, ADMIN)
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static byte[] manifest(String mediaType, String fields) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\"," + fields + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String descriptor(String mediaType, byte[] content) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest(content) + "\",\"size\":" + content.length
                + "}";
    }

    private static String child(byte[] manifest, String architecture) {
        String d = descriptor(MediaTypes.OCI_MANIFEST, manifest);
        return d.substring(0, d.length() - 1) + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"" + architecture
                + "\"}}";
    }

    private static byte[] config(String os, String architecture) {
        return ("{\"created\":\"2030-01-01T00:00:00Z\",\"os\":\"" + os + "\",\"architecture\":\"" + architecture
                        + "\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] emptyConfig() {
        return "{}".getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String seed, int size) {
        byte[] out = new byte[size];
        byte[] s = seed.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (s[i % s.length] + i / s.length);
        }
        return out;
    }

    // ---- reading -----------------------------------------------------------------------------

    private JsonNode get(String path, String authorization) throws Exception {
        HttpResponse<String> r = send(request(path, authorization).GET());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        return Json.MAPPER.readTree(r.body());
    }

    private HttpRequest.Builder request(String path, String authorization) {
        return HttpRequest.newBuilder(URI.create(server.base() + path)).header("Authorization", authorization);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(
                node -> out.add(field == null ? node.asText() : node.path(field).asText()));
        return out;
    }

    private static Map<String, JsonNode> byDigest(JsonNode images) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        images.forEach(node -> out.put(node.path("imageDigest").asText(), node));
        return out;
    }

    private static long sum(byte[]... blobs) {
        return Stream.of(blobs).mapToLong(b -> b.length).sum();
    }

    private static String digest(byte[] content) {
        return Digest.of(DigestAlgorithm.SHA256, content).toString();
    }

    private Stream<Path> blobFiles() throws IOException {
        return Files.walk(storage.resolve("blobs")).filter(Files::isRegularFile);
    }

    private long blobBytesOnDisk() throws IOException {
        try (Stream<Path> files = blobFiles()) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private long blobsOnDisk() throws IOException {
        try (Stream<Path> files = blobFiles()) {
            return files.count();
        }
    }
}
