package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.content.Registry;
import dev.berth.registry.testing.LocalServer;
import dev.berth.storage.memory.InMemoryStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A failing storage backend answers 503 with Retry-After, never a 500, and the server recovers. */
class StorageOutageTest {
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void storageFailuresAre503WithRetryAfter() throws Exception {
        FailingStorage storage = new FailingStorage(new InMemoryStorage());
        Registry registry = new Registry(storage, Clock.systemUTC());
        try (LocalServer server = LocalServer.start(registry)) {
            URI base = URI.create("http://127.0.0.1:" + server.address().getPort());
            storage.failing = true;
            for (HttpRequest request : new HttpRequest[] {
                HttpRequest.newBuilder(base.resolve("/v2/app/blobs/uploads/"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpRequest.newBuilder(base.resolve("/v2/app/tags/list")).GET().build(),
                HttpRequest.newBuilder(base.resolve("/v2/app/manifests/latest"))
                        .GET()
                        .build()
            }) {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode())
                        .as("%s %s", request.method(), request.uri())
                        .isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(r.body()).contains("\"code\":\"UNAVAILABLE\"");
            }
            storage.failing = false;
            HttpResponse<String> ok = http.send(
                    HttpRequest.newBuilder(base.resolve("/v2/app/blobs/uploads/"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(202);
        }
    }
}
