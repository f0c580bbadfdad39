package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.content.Registry;
import dev.berth.registry.testing.LocalServer;
import dev.berth.storage.memory.InMemoryStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /healthz} and {@code /readyz}: no credentials needed, and readiness follows storage. */
class HealthEndpointsTest {
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void bothAnswerWithoutCredentialsInTokenMode() throws Exception {
        Path users = Files.writeString(
                dir.resolve("users"), "alice:" + BCrypt.withDefaults().hashToString(4, "secret".toCharArray()) + "\n");
        var config = new ConfigLoader()
                .environment(Map.of(
                        "BERTH_LISTEN", "127.0.0.1:0",
                        "BERTH_STORAGE", dir.resolve("data").toString(),
                        "BERTH_AUTH_MODE", "token",
                        "BERTH_AUTH_USERS", users.toString(),
                        "BERTH_AUTH_TOKEN_KEY", dir.resolve("key.jwk").toString()))
                .load();
        try (RegistryServer server = RegistryServer.start(config)) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            assertThat(get(base, "/v2/").statusCode())
                    .as("the API itself needs a token")
                    .isEqualTo(401);

            HttpResponse<String> live = get(base, "/healthz");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(live.body()).isEqualTo("{\"status\":\"ok\"}");

            HttpResponse<String> ready = get(base, "/readyz");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
            assertThat(http.send(
                                    HttpRequest.newBuilder(base.resolve("/readyz"))
                                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(200);
            try (var probes = Files.list(dir.resolve("data/health"))) {
                assertThat(probes.toList())
                        .as("the probe's object, one per server")
                        .hasSize(1);
            }
        }
        assertThat(dir.resolve("data/health"))
                .as("probe objects left after a clean stop")
                .doesNotExist();
    }

    @Test
    void readinessFailsWhileStorageRefusesWritesAndRecovers() throws Exception {
        FailingStorage storage = new FailingStorage(new InMemoryStorage());
        Registry registry = new Registry(storage, Clock.systemUTC());
        try (LocalServer server = LocalServer.start(registry)) {
            URI base = URI.create("http://127.0.0.1:" + server.address().getPort());
            assertThat(get(base, "/readyz").statusCode()).isEqualTo(200);

            storage.refusingWrites = true;
            HttpResponse<String> unready = awaitReadiness(base, 503);
            assertThat(unready.body())
                    .contains("\"status\":\"unavailable\"", "\"reason\":\"storage failed")
                    .doesNotContain("injected");
            assertThat(get(base, "/healthz").statusCode())
                    .as("liveness ignores storage")
                    .isEqualTo(200);

            storage.refusingWrites = false;
            awaitReadiness(base, 200);

            storage.failing = true;
            awaitReadiness(base, 503);
            storage.failing = false;
            awaitReadiness(base, 200);
        }
    }

    /** Polls past the one second a verdict is reused for; a generous bound, not a timing check. */
    private HttpResponse<String> awaitReadiness(URI base, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> r = get(base, "/readyz");
        while (r.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = get(base, "/readyz");
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r;
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
