package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /admin/gc} runs a collection on demand and answers its report. */
class AdminGcEndpointTest {
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void previewsThenCollectsAnUnreferencedBlob() throws Exception {
        RegistryConfig config = new ConfigLoader()
                .set(ConfigKey.LISTEN, "127.0.0.1:0")
                .set(ConfigKey.STORAGE, dir.toString())
                .set(ConfigKey.GC_INTERVAL, "0")
                .set(ConfigKey.GC_GRACE, "40ms")
                .load();
        try (RegistryServer server = RegistryServer.start(config)) {
            URI root = URI.create("http://127.0.0.1:" + server.port());
            byte[] bytes = "orphan".getBytes();
            Digest digest = Digest.of(DigestAlgorithm.SHA256, bytes);
            HttpResponse<String> push = http.send(
                    HttpRequest.newBuilder(root.resolve("/v2/admin/test/blobs/uploads/?digest=" + digest))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(push.statusCode()).isEqualTo(201);
            Thread.sleep(200);

            JsonNode preview = gc(root, "?dry-run=true");
            assertThat(preview.get("dryRun").asBoolean()).isTrue();
            assertThat(preview.get("blobsSwept").asLong()).isEqualTo(1);
            assertThat(blobStatus(root, digest)).isEqualTo(200);

            JsonNode report = gc(root, "");
            assertThat(report.get("blobsSwept").asLong()).isEqualTo(1);
            assertThat(report.get("bytesReclaimed").asLong()).isEqualTo(bytes.length);
            assertThat(blobStatus(root, digest)).isEqualTo(404);
            assertThat(Files.exists(dir.resolve("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex())))
                    .isFalse();
        }
    }

    private JsonNode gc(URI root, String query) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(root.resolve("/admin/gc" + query))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    /** A GET, not a HEAD: a HEAD claims the blob for a pusher and would protect it. */
    private int blobStatus(URI root, Digest digest) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(root.resolve("/v2/admin/test/blobs/" + digest))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
