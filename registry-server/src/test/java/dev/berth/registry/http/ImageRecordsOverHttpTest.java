package dev.berth.registry.http;

import static dev.berth.registry.testing.AuthFixtures.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.auth.modes.AuthFactory;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.RegistryConfig.AuthConfig.Mode;
import dev.berth.registry.config.RegistryConfig.HttpConfig;
import dev.berth.registry.content.ImageRecords;
import dev.berth.registry.content.PushRecord;
import dev.berth.registry.content.Registry;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.MediaTypes;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;
import dev.berth.registry.testing.AuthFixtures;
import dev.berth.registry.testing.AuthFixtures.MutableClock;
import dev.berth.registry.testing.LocalServer;
import dev.berth.storage.memory.InMemoryStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through HTTP with basic auth: a manifest PUT is recorded with the signed-in account, a GET of a
 * manifest (by tag or digest) as a pull of its revision, a HEAD not at all.
 */
class ImageRecordsOverHttpTest {
    private static final Instant T0 = Instant.parse("2030-06-01T12:00:00Z");
    private static final String ALICE = basic("alice", "secret");

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final MutableClock clock = new MutableClock(T0);
    private final Registry registry = new Registry(new InMemoryStorage(), clock);
    private final RepositoryName repo = new RepositoryName("team/app");
    private LocalServer server;

    @BeforeEach
    void start() throws Exception {
        Path users = AuthFixtures.usersFile(dir, "alice", "secret");
        server = LocalServer.start(
                registry,
                AuthFactory.create(AuthFixtures.config(dir, Mode.BASIC)
                        .set(ConfigKey.AUTH_USERS, users.toString())
                        .load()
                        .auth()),
                HttpConfig.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pushesCarryTheAccountAndGetsArePulls() throws Exception {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = "layer".getBytes(StandardCharsets.UTF_8);
        pushBlob(config);
        pushBlob(layer);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                        + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest(config)
                        + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                        + digest(layer) + "\",\"size\":5}]}")
                .getBytes(StandardCharsets.UTF_8);
        Digest image = digest(manifest);
        send(
                request("/v2/team/app/manifests/v1")
                        .header("Content-Type", MediaTypes.OCI_MANIFEST)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
                201);

        ImageRecords images = registry.images();
        assertThat(images.pushed(repo, image)).contains(new PushRecord(image, T0, "alice"));
        assertThat(images.tag(repo, new Tag("v1"))).hasValueSatisfying(t -> {
            assertThat(t.movedBy()).isEqualTo("alice");
            assertThat(t.movedAt()).isEqualTo(T0);
        });

        clock.advance(Duration.ofMinutes(1));
        send(request("/v2/team/app/manifests/v1").method("HEAD", HttpRequest.BodyPublishers.noBody()), 200);
        assertThat(images.lastPulled(repo, image)).as("a HEAD is no pull").isEmpty();

        send(request("/v2/team/app/manifests/v1").GET(), 200);
        Instant pulled = T0.plus(Duration.ofMinutes(1));
        assertThat(images.lastPulled(repo, image)).contains(pulled);

        clock.advance(Duration.ofMinutes(30));
        send(request("/v2/team/app/manifests/" + image).GET(), 200);
        assertThat(images.lastPulled(repo, image)).as("within the hour").contains(pulled);
        clock.advance(Duration.ofMinutes(30));
        send(request("/v2/team/app/manifests/" + image).GET(), 200);
        assertThat(images.lastPulled(repo, image)).contains(pulled.plus(Duration.ofHours(1)));
    }

    private void pushBlob(byte[] blob) throws Exception {
        send(
                request("/v2/team/app/blobs/uploads/?digest=" + digest(blob))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(blob)),
                201);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.base() + path)).header("Authorization", ALICE);
    }

    private void send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
    }

    private static Digest digest(byte[] content) {
        return Digest.of(DigestAlgorithm.SHA256, content);
    }
}
