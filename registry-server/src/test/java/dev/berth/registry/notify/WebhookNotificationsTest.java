package dev.berth.registry.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.Json;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running server with webhook endpoints and a receiver in the test: pushes, mounts, pulls and
 * deletes (also the management API's) arrive in distribution's envelope, the ones made while the receiver was down arrive in
 * order once it is back, and a receiver that never answers slows no request.
 */
class WebhookNotificationsTest {
    private static final String EVENTS = "/events";
    private static final String PULLS = "/pulls";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String USER_AGENT = "webhook-test/1.0";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private URI registry;

    /** A server whose {@code notifications.endpoints} are {@code endpoints}, given as the environment gives them: JSON. */
    @SafeVarargs
    private RegistryServer start(Map<String, Object>... endpoints) throws Exception {
        RegistryServer server = RegistryServer.start(new ConfigLoader()
                .set(ConfigKey.LISTEN, "127.0.0.1:0")
                .set(ConfigKey.STORAGE, dir.toString())
                .set(ConfigKey.NOTIFICATIONS_ENDPOINTS, Json.MAPPER.writeValueAsString(List.of(endpoints)))
                .load());
        registry = URI.create("http://127.0.0.1:" + server.port());
        return server;
    }

    @Test
    void pushesMountsPullsAndDeletesArriveInDistributionsEnvelopeAlsoAfterTheReceiverWasDown() throws Exception {
        try (Receiver receiver = new Receiver().start(0)) {
            Map<String, Object> events = Map.of(
                    "name",
                    "events",
                    "url",
                    receiver.url(EVENTS),
                    "headers",
                    Map.of("Authorization", List.of("Bearer test-token")),
                    "backoff",
                    "20ms",
                    "max-backoff",
                    "200ms");
            Map<String, Object> pulls = Map.of(
                    "name",
                    "pulls",
                    "url",
                    receiver.url(PULLS),
                    "actions",
                    List.of("pull"),
                    "repositories",
                    List.of("team/**"));
            try (RegistryServer server = start(events, pulls)) {
                byte[] layer = "layer one".getBytes(StandardCharsets.UTF_8);
                byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
                Digest layerDigest = pushInChunks("team/app", layer);
                Digest configDigest = pushWhole("team/app", config);
                byte[] manifest = manifest(configDigest, config.length, layerDigest, layer.length);
                Digest manifestDigest = Digest.of(DigestAlgorithm.SHA256, manifest);
                putManifest("team/app", "v1", manifest);

                Receiver.Delivery first = receiver.next(EVENTS);
                assertThat(first.contentType()).isEqualTo("application/vnd.docker.distribution.events.v1+json");
                assertThat(first.authorization()).isEqualTo("Bearer test-token");
                JsonNode layerPush = only(first);
                assertThat(layerPush.get("action").asText()).isEqualTo("push");
                assertThat(layerPush.get("id").asText()).isNotBlank();
                assertThat(layerPush.get("timestamp").asText()).endsWith("Z");
                assertThat(layerPush.get("target"))
                        .isEqualTo(json(Map.of(
                                "mediaType",
                                "application/octet-stream",
                                "digest",
                                layerDigest.toString(),
                                "size",
                                layer.length,
                                "length",
                                layer.length,
                                "repository",
                                "team/app",
                                "url",
                                registry + "/v2/team/app/blobs/" + layerDigest)));
                assertThat(layerPush.get("request").get("method").asText()).isEqualTo("PUT");
                assertThat(layerPush.get("request").get("useragent").asText()).isEqualTo(USER_AGENT);
                assertThat(layerPush.get("request").get("addr").asText()).isEqualTo("127.0.0.1");
                assertThat(layerPush.get("request").get("host").asText()).isEqualTo(registry.getAuthority());
                assertThat(layerPush.get("actor")).isEmpty();
                assertThat(layerPush.get("source").get("addr").asText()).endsWith(":" + server.port());
                assertThat(layerPush.get("source").get("instanceID").asText()).isNotBlank();

                JsonNode configPush = only(receiver.next(EVENTS));
                assertThat(configPush.get("target").get("digest").asText()).isEqualTo(configDigest.toString());
                assertThat(configPush.get("request").get("method").asText()).isEqualTo("POST");

                JsonNode manifestPush = only(receiver.next(EVENTS));
                assertThat(manifestPush.get("action").asText()).isEqualTo("push");
                assertThat(manifestPush.get("target"))
                        .isEqualTo(json(Map.of(
                                "mediaType",
                                OCI_MANIFEST,
                                "digest",
                                manifestDigest.toString(),
                                "size",
                                manifest.length,
                                "length",
                                manifest.length,
                                "repository",
                                "team/app",
                                "url",
                                registry + "/v2/team/app/manifests/" + manifestDigest,
                                "tag",
                                "v1")));

                // A mount, named as such with where it came from.
                assertThat(send("POST", "/v2/team/copy/blobs/uploads/?mount=" + layerDigest + "&from=team/app", null)
                                .statusCode())
                        .isEqualTo(201);
                JsonNode mount = only(receiver.next(EVENTS));
                assertThat(mount.get("action").asText()).isEqualTo("mount");
                assertThat(mount.get("target").get("repository").asText()).isEqualTo("team/copy");
                assertThat(mount.get("target").get("fromRepository").asText()).isEqualTo("team/app");

                // Pulls go only to the endpoint that asked for them.
                assertThat(send("GET", "/v2/team/app/manifests/v1", null).statusCode())
                        .isEqualTo(200);
                JsonNode pull = only(receiver.next(PULLS));
                assertThat(pull.get("action").asText()).isEqualTo("pull");
                assertThat(pull.get("target").get("tag").asText()).isEqualTo("v1");
                assertThat(pull.get("target").get("digest").asText()).isEqualTo(manifestDigest.toString());

                // A tag delete names the tag; a manifest delete its digest, then each tag it took along.
                assertThat(send("DELETE", "/v2/team/app/manifests/v1", null).statusCode())
                        .isEqualTo(202);
                assertThat(only(receiver.next(EVENTS)).get("target"))
                        .isEqualTo(json(Map.of("repository", "team/app", "tag", "v1")));
                putManifest("team/app", "v2", manifest);
                assertThat(only(receiver.next(EVENTS)).get("target").get("tag").asText())
                        .isEqualTo("v2");
                assertThat(send("DELETE", "/v2/team/app/manifests/" + manifestDigest, null)
                                .statusCode())
                        .isEqualTo(202);
                JsonNode manifestDelete = only(receiver.next(EVENTS));
                assertThat(manifestDelete.get("action").asText()).isEqualTo("delete");
                assertThat(manifestDelete.get("target"))
                        .isEqualTo(json(Map.of("digest", manifestDigest.toString(), "repository", "team/app")));
                assertThat(only(receiver.next(EVENTS)).get("target"))
                        .isEqualTo(json(Map.of("repository", "team/app", "tag", "v2")));
                assertThat(send("DELETE", "/v2/team/copy/blobs/" + layerDigest, null)
                                .statusCode())
                        .isEqualTo(202);
                assertThat(only(receiver.next(EVENTS)).get("target"))
                        .isEqualTo(json(Map.of("digest", layerDigest.toString(), "repository", "team/copy")));

                // The receiver goes down (once the server has seen its answers: an envelope whose answer is
                // lost is sent again); pushes go on and the endpoint fails for a while.
                awaitCount("berth_notifications_sent_total", "events", 9);
                int port = receiver.port();
                receiver.stop();
                byte[] layer2 = "layer two".getBytes(StandardCharsets.UTF_8);
                Digest layer2Digest = pushWhole("team/app", layer2);
                byte[] manifest2 = manifest(configDigest, config.length, layer2Digest, layer2.length);
                putManifest("team/app", "v3", manifest2);
                awaitCount("berth_notifications_failures_total", "events", 3);

                receiver.start(port);
                assertThat(only(receiver.next(EVENTS))
                                .get("target")
                                .get("digest")
                                .asText())
                        .isEqualTo(layer2Digest.toString());
                JsonNode late = only(receiver.next(EVENTS));
                assertThat(late.get("target").get("tag").asText()).isEqualTo("v3");
                assertThat(late.get("target").get("digest").asText())
                        .isEqualTo(Digest.of(DigestAlgorithm.SHA256, manifest2).toString());
                assertThat(receiver.deliveries(EVENTS)).isEmpty();
                assertThat(scraped("berth_notifications_dropped_total", "events"))
                        .isZero();

                // The management API's batch deletion is notified as the DELETEs it stands for.
                HttpResponse<String> batch = send(
                        "POST",
                        "/api/v1/repositories/team/app/batch-delete-image",
                        "{\"imageIds\":[{\"imageTag\":\"v3\"}]}".getBytes(StandardCharsets.UTF_8));
                assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
                JsonNode batchDelete = only(receiver.next(EVENTS));
                assertThat(batchDelete.get("action").asText()).isEqualTo("delete");
                assertThat(batchDelete.get("target")).isEqualTo(json(Map.of("repository", "team/app", "tag", "v3")));
                assertThat(batchDelete.get("request").get("method").asText()).isEqualTo("POST");
            }
        }
    }

    @Test
    void aReceiverThatNeverAnswersNeitherSlowsNorFailsRequests() throws Exception {
        // Accepts connections into its backlog and never reads nor answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Map<String, Object> hanging = Map.of(
                    "name",
                    "hanging",
                    "url",
                    "http://127.0.0.1:" + silent.getLocalPort() + "/events",
                    "timeout",
                    "2s",
                    "queue-size",
                    1);
            try (RegistryServer server = start(hanging)) {
                byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
                Digest configDigest = pushWhole("app", config);
                for (int i = 0; i < 3; i++) {
                    byte[] layer = ("layer " + i).getBytes(StandardCharsets.UTF_8);
                    Digest layerDigest = pushWhole("app", layer);
                    putManifest("app", "v" + i, manifest(configDigest, config.length, layerDigest, layer.length));
                }
                // Seven events, one endpoint stuck on the first: the queue of one overflowed.
                assertThat(scraped("berth_notifications_dropped_total", "hanging"))
                        .isGreaterThanOrEqualTo(5);
            }
        }
    }

    private static JsonNode only(Receiver.Delivery delivery) {
        assertThat(delivery.envelope().get("events")).hasSize(1);
        return delivery.envelope().get("events").get(0);
    }

    private static JsonNode json(Map<String, Object> fields) {
        return Json.MAPPER.valueToTree(fields);
    }

    /** Waits (at most 30 s) until the endpoint's meter in {@code /metrics} reaches {@code atLeast}. */
    private void awaitCount(String meter, String endpoint, double atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (scraped(meter, endpoint) < atLeast) {
            assertThat(System.nanoTime() - deadline)
                    .as(meter + " reaching " + atLeast)
                    .isNegative();
            Thread.sleep(10);
        }
    }

    /** The endpoint's value of {@code meter} as Prometheus scrapes it; 0 when it has none yet. */
    private double scraped(String meter, String endpoint) throws Exception {
        HttpResponse<String> metrics = send("GET", "/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        return metrics.body()
                .lines()
                .filter(line -> line.startsWith(meter + "{") && line.contains("endpoint=\"" + endpoint + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }

    private HttpResponse<String> send(String method, String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.resolve(path))
                .header("User-Agent", USER_AGENT)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Digest pushWhole(String repository, byte[] bytes) throws Exception {
        Digest digest = Digest.of(DigestAlgorithm.SHA256, bytes);
        HttpResponse<String> r = send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest, bytes);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return digest;
    }

    /** POST, PATCH, PUT: the upload finished by {@code PUT ?digest=}. */
    private Digest pushInChunks(String repository, byte[] bytes) throws Exception {
        Digest digest = Digest.of(DigestAlgorithm.SHA256, bytes);
        HttpResponse<String> started = send("POST", "/v2/" + repository + "/blobs/uploads/", null);
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> patched = send("PATCH", location, bytes, "Content-Type", "application/octet-stream");
        assertThat(patched.statusCode()).isEqualTo(202);
        String next = patched.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> finished = send("PUT", next + (next.contains("?") ? "&" : "?") + "digest=" + digest, null);
        assertThat(finished.statusCode()).as(finished.body()).isEqualTo(201);
        return digest;
    }

    private void putManifest(String repository, String tag, byte[] manifest) throws Exception {
        HttpResponse<String> r =
                send("PUT", "/v2/" + repository + "/manifests/" + tag, manifest, "Content-Type", OCI_MANIFEST);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static byte[] manifest(Digest config, int configSize, Digest layer, int layerSize) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + config
                        + "\",\"size\":" + configSize + "},"
                        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layer
                        + "\",\"size\":" + layerSize + "}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
