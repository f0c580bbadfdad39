package dev.berth.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.registry.auth.Auth;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig.HttpConfig;
import dev.berth.registry.content.Registry;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcListener;
import dev.berth.registry.gc.GcOptions;
import dev.berth.registry.gc.GcReport;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.MediaTypes;
import dev.berth.registry.testing.AuthFixtures.MutableClock;
import dev.berth.registry.testing.LocalServer;
import dev.berth.storage.Storage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle rules through HTTP on one driver, with a clock the test moves: every selector at once,
 * index and referrer protection, {@code GET /admin/lifecycle} listing exactly what
 * {@code POST /admin/lifecycle} (or a garbage collection) then expires, and the collection
 * reclaiming the expired layers.
 */
abstract class LifecycleOverHttpTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final String POLICY = """
            {"rules": [
              {"rulePriority": 1, "description": "keep the newest release",
               "selection": {"tagStatus": "tagged", "tagPatternList": ["release-*"],
                 "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}},
              {"rulePriority": 2, "selection": {"tagStatus": "tagged", "tagPrefixList": ["dev-"],
                 "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7}, "action": {"type": "expire"}},
              {"rulePriority": 3, "selection": {"tagStatus": "untagged",
                 "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}},
              {"rulePriority": 4, "selection": {"tagStatus": "any",
                 "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30}, "action": {"type": "expire"}}
            ]}""";

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final MutableClock clock = new MutableClock(T0);
    private final Map<String, Digest> pushed = new HashMap<>();
    private final Map<String, Digest> layers = new HashMap<>();
    private Storage storage;
    private Registry registry;
    private Lifecycle lifecycle;
    private LocalServer server;

    /** A new, empty store of the driver under test. */
    protected abstract Storage open();

    @BeforeEach
    void start() throws Exception {
        storage = open();
        registry = new Registry(storage, clock);
        LifecycleRules rules = LifecycleRules.of(new ConfigLoader()
                .set(
                        ConfigKey.REPOSITORIES_LIFECYCLE,
                        "[{\"repositories\": [\"team/*\"], \"policy\": " + Json.MAPPER.writeValueAsString(POLICY)
                                + "}]")
                .load()
                .lifecycle());
        lifecycle = new Lifecycle(registry, clock, rules);
        server = LocalServer.start(registry, Auth.none(), HttpConfig.defaults(), lifecycle);
    }

    @AfterEach
    void stop() {
        server.close();
        storage.close();
    }

    /**
     * Pushes, day by day, images for each rule (and one repository no pattern matches), then moves
     * the clock to day 40.
     */
    private void pushImages() throws Exception {
        at(0, () -> image("release-1", "release-1"));
        at(0, () -> referrer("sig-of-release-1", "release-1", null));
        at(35, () -> image("release-2", "release-2"));
        at(35, () -> referrer("sig-of-release-2", "release-2", null));
        at(20, () -> image("dev-1", "dev-1"));
        at(38, () -> image("dev-2", "dev-2"));
        at(1, () -> image("untagged-1", null));
        at(2, () -> image("untagged-2", null));
        at(39, () -> image("untagged-3", null));
        at(5, () -> image("other-1", "other-1"));
        at(20, () -> image("other-2", "other-2"));
        at(1, () -> image("shared-child", null));
        at(1, () -> image("old-child", null));
        at(3, () -> image("platform-old", "platform-old"));
        at(2, () -> index("multi-old", "multi-old", "shared-child", "old-child"));
        at(39, () -> index("multi", "multi", "shared-child", "platform-old"));
        at(4, () -> image("legacy", "legacy"));
        at(39, () -> referrer("attestation", "legacy", "attestation"));
        at(1, () -> image("elsewhere", "elsewhere", "other/app"));
        clock.set(T0.plus(Duration.ofDays(40)));
    }

    @Test
    void thePreviewListsWhatIsThenExpiredAndCollectionReclaimsItsLayers() throws Exception {
        pushImages();
        JsonNode preview = send("GET", "/admin/lifecycle").path("repositories");
        assertThat(preview).hasSize(1);
        JsonNode repository = preview.get(0);
        assertThat(repository.path("repository").asText()).isEqualTo("team/app");
        assertThat(expired(repository))
                .containsExactlyInAnyOrder(
                        "release-1 by 1 with [sig-of-release-1]",
                        "untagged-1 by 3 with []",
                        "multi-old by 4 with [old-child]",
                        "untagged-2 by 3 with []",
                        "other-1 by 4 with []",
                        "dev-1 by 2 with []");
        assertThat(heldReasons(repository)).containsOnlyKeys("platform-old", "legacy");
        assertThat(heldReasons(repository).get("platform-old")).contains("listed by index " + pushed.get("multi"));
        assertThat(heldReasons(repository).get("legacy")).contains("subject of referrer " + pushed.get("attestation"));
        assertThat(send("POST", "/admin/lifecycle?dry-run=true").path("repositories"))
                .isEqualTo(preview);

        JsonNode applied = send("POST", "/admin/lifecycle").path("repositories");
        assertThat(applied.get(0).path("expire")).isEqualTo(repository.path("expire"));
        assertThat(applied.get(0).path("held")).isEqualTo(repository.path("held"));
        assertThat(send("GET", "/admin/lifecycle").path("repositories").get(0).path("expire"))
                .isEmpty();

        List<String> gone = List.of(
                "release-1",
                "sig-of-release-1",
                "untagged-1",
                "untagged-2",
                "multi-old",
                "old-child",
                "other-1",
                "dev-1");
        for (String name : pushed.keySet()) {
            int status = status("/v2/" + repositoryOf(name) + "/manifests/" + pushed.get(name));
            assertThat(status).as(name).isEqualTo(gone.contains(name) ? 404 : 200);
        }
        assertThat(Json.MAPPER.readTree(get("/v2/team/app/tags/list")).path("tags"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(
                        "release-2", "dev-2", "other-2", "platform-old", "multi", "legacy", "attestation");

        GcReport report = new GarbageCollector(registry, clock).run(GcOptions.defaults());
        assertThat(report.blobsSwept()).as(report.toString()).isGreaterThanOrEqualTo(gone.size());
        for (String name : pushed.keySet()) {
            if (layers.containsKey(name)) {
                assertThat(status("/v2/" + repositoryOf(name) + "/blobs/" + layers.get(name)))
                        .as(name)
                        .isEqualTo(gone.contains(name) ? 404 : 200);
            }
        }
    }

    @Test
    void garbageCollectionExpiresWhatThePreviewListed() throws Exception {
        pushImages();
        JsonNode preview = send("GET", "/admin/lifecycle").path("repositories").get(0);
        new GarbageCollector(registry, clock, GcListener.NONE, lifecycle).run(GcOptions.defaults());
        for (JsonNode image : preview.path("expire")) {
            assertThat(status("/v2/team/app/manifests/" + image.path("digest").asText()))
                    .isEqualTo(404);
        }
        assertThat(send("GET", "/admin/lifecycle").path("repositories").get(0).path("expire"))
                .isEmpty();
        assertThat(status("/v2/team/app/manifests/multi")).isEqualTo(200);
        assertThat(status("/v2/team/app/manifests/" + pushed.get("shared-child")))
                .isEqualTo(200);
    }

    @Test
    void aBadRepositoryParameterIsA400() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(server.base().resolve("/admin/lifecycle?repository=Bad%20Name"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("NAME_INVALID");
    }

    private static String repositoryOf(String name) {
        return name.equals("elsewhere") ? "other/app" : "team/app";
    }

    /** "name by rule with [names along]" for each expiry, in the answer's order (oldest push first). */
    private List<String> expired(JsonNode repository) {
        Map<String, String> names = new HashMap<>();
        pushed.forEach((name, digest) -> names.put(digest.toString(), name));
        List<String> out = new ArrayList<>();
        for (JsonNode e : repository.path("expire")) {
            List<String> along = new ArrayList<>();
            e.path("alongWith").forEach(d -> along.add(names.get(d.asText())));
            out.add(names.get(e.path("digest").asText()) + " by "
                    + e.path("rulePriority").asInt() + " with " + along);
        }
        return out;
    }

    private Map<String, String> heldReasons(JsonNode repository) {
        Map<String, String> names = new HashMap<>();
        pushed.forEach((name, digest) -> names.put(digest.toString(), name));
        Map<String, String> out = new HashMap<>();
        repository
                .path("held")
                .forEach(h -> out.put(
                        names.get(h.path("digest").asText()), h.path("reason").asText()));
        return out;
    }

    private interface Push {
        void run() throws Exception;
    }

    private void at(int day, Push push) throws Exception {
        clock.set(T0.plus(Duration.ofDays(day)));
        push.run();
    }

    private void image(String name, String tag) throws Exception {
        image(name, tag, "team/app");
    }

    private void image(String name, String tag, String repository) throws Exception {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = ("layer of " + name).getBytes(StandardCharsets.UTF_8);
        blob(repository, config);
        blob(repository, layer);
        layers.put(name, digest(layer));
        manifest(
                repository,
                name,
                tag,
                MediaTypes.OCI_MANIFEST,
                "{\"schemaVersion\":2,\"mediaType\":\""
                        + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                        + descriptor("application/vnd.oci.image.config.v1+json", config) + ",\"layers\":["
                        + descriptor("application/vnd.oci.image.layer.v1.tar", layer) + "]}");
    }

    private void referrer(String name, String subject, String tag) throws Exception {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = ("signature " + name).getBytes(StandardCharsets.UTF_8);
        blob("team/app", config);
        blob("team/app", layer);
        layers.put(name, digest(layer));
        manifest(
                "team/app",
                name,
                tag,
                MediaTypes.OCI_MANIFEST,
                "{\"schemaVersion\":2,\"mediaType\":\""
                        + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"application/example.signature\",\"config\":"
                        + descriptor("application/vnd.oci.empty.v1+json", config) + ",\"layers\":["
                        + descriptor("application/example.signature", layer) + "],\"subject\":{\"mediaType\":\""
                        + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + pushed.get(subject) + "\",\"size\":1}}");
    }

    private void index(String name, String tag, String... children) throws Exception {
        List<String> entries = new ArrayList<>();
        for (String child : children) {
            entries.add("{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + pushed.get(child)
                    + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"" + child + "\"}}");
        }
        manifest(
                "team/app",
                name,
                tag,
                MediaTypes.OCI_INDEX,
                "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                        + String.join(",", entries) + "]}");
    }

    private void manifest(String repository, String name, String tag, String mediaType, String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        pushed.put(name, digest(bytes));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(server.base()
                                .resolve("/v2/" + repository + "/manifests/"
                                        + (tag == null ? digest(bytes).toString() : tag)))
                        .header("Content-Type", mediaType)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static String descriptor(String mediaType, byte[] content) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest(content) + "\",\"size\":" + content.length
                + "}";
    }

    private void blob(String repository, byte[] content) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(server.base()
                                .resolve("/v2/" + repository + "/blobs/uploads/?digest=" + digest(content)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private JsonNode send(String method, String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(server.base().resolve(path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private String get(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(server.base().resolve(path))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private int status(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(server.base().resolve(path))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static Digest digest(byte[] content) {
        return Digest.of(DigestAlgorithm.SHA256, content);
    }
}
