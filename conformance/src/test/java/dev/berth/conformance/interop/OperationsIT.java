package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real jar with {@code BERTH_LOG_FORMAT=json} and {@code BERTH_METRICS_LISTEN}: every line it
 * logs is a JSON object, the push's access line carries its fields, and a separate listener serves
 * {@code /metrics} (Micrometer, Prometheus client and logback as the shaded jar packs them).
 */
class OperationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void jsonLogsAndMetricsOnTheirOwnListener() throws Exception {
        int metricsPort = freePort();
        try (BerthProcess berth = BerthProcess.start(
                Map.of("BERTH_LOG_FORMAT", "json", "BERTH_METRICS_LISTEN", "127.0.0.1:" + metricsPort))) {
            URI base = berth.baseUri();
            byte[] manifest = pushImage(base, "ops/app");

            HttpResponse<String> scrape =
                    send(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"), "GET", null, null);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body())
                    .contains("berth_http_server_requests_seconds_count{method=\"PUT\","
                            + "route=\"/v2/{name}/manifests/{reference}\",status=\"201\"} 1")
                    .contains("berth_storage_operations_seconds_count{")
                    .contains("jvm_memory_used_bytes{")
                    .contains("process_uptime_seconds ")
                    .doesNotContain("ops/app");
            assertThat(send(base.resolve("/metrics"), "GET", null, null).statusCode())
                    .isEqualTo(404);

            List<JsonNode> lines = awaitAccessLine(berth, "PUT");
            JsonNode put = lines.stream()
                    .filter(n -> "PUT".equals(n.path("method").asText()))
                    .findFirst()
                    .orElseThrow();
            assertThat(put.path("route").asText()).isEqualTo("/v2/{name}/manifests/{reference}");
            assertThat(put.path("repository").asText()).isEqualTo("ops/app");
            assertThat(put.path("status").asInt()).isEqualTo(201);
            assertThat(put.path("bytes_in").asLong()).isEqualTo(manifest.length);
            assertThat(lines).noneMatch(n -> n.path("level").asText().equals("ERROR"));
            assertThat(lines).anyMatch(n -> n.path("message").asText().startsWith("Berth listening on"));
        }
    }

    /** Every line of the log parsed as JSON, once the access line of a {@code method} request is among them. */
    private static List<JsonNode> awaitAccessLine(BerthProcess berth, String method) throws Exception {
        for (int i = 0; i < 200; i++) {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : berth.stdoutLines()) {
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                assertThat(node.path("timestamp").isTextual()
                                && node.path("level").isTextual()
                                && node.path("logger").isTextual()
                                && node.path("message").isTextual())
                        .as(line)
                        .isTrue();
                lines.add(node);
            }
            if (lines.stream()
                    .anyMatch(n -> "berth.access".equals(n.path("logger").asText())
                            && method.equals(n.path("method").asText()))) {
                return lines;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no access line for a " + method + " request:\n" + berth.output());
    }

    private byte[] pushImage(URI base, String repository) throws Exception {
        byte[] layer = "layer".getBytes(StandardCharsets.UTF_8);
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        for (byte[] blob : new byte[][] {layer, config}) {
            HttpResponse<String> r = send(
                    base.resolve("/v2/" + repository + "/blobs/uploads/?digest=" + sha256(blob)), "POST", blob, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":{\"mediaType\":"
                        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + sha256(config) + "\",\"size\":"
                        + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                        + "\"digest\":\"" + sha256(layer) + "\",\"size\":" + layer.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r =
                send(base.resolve("/v2/" + repository + "/manifests/1.0"), "PUT", manifest, MANIFEST_TYPE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return manifest;
    }

    private HttpResponse<String> send(URI uri, String method, byte[] body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
