package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.content.DeletionGuard;
import dev.berth.registry.content.Registry;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.MediaTypes;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.testing.LocalServer;
import dev.berth.registry.testing.Tmpfs;
import dev.berth.storage.Storage;
import dev.berth.storage.fs.FileSystemStorage;
import dev.berth.storage.memory.InMemoryStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A store that refuses writes (a read-only mount, a bucket with read-only credentials) still
 * serves pulls and the HEADs of a push: the garbage collection claim a HEAD writes is skipped, with
 * one warning per interval, not answered with 503.
 */
class ReadOnlyStoreTest {
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    final Logger guardLog = (Logger) LoggerFactory.getLogger(DeletionGuard.class);

    final byte[] layer = "layer".getBytes(StandardCharsets.UTF_8);
    final byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    Digest layerDigest;
    Digest manifestDigest;

    @BeforeEach
    void capture() {
        log.start();
        guardLog.addAppender(log);
    }

    @AfterEach
    void release() {
        guardLog.detachAppender(log);
    }

    /** An image v1 in repository app, pushed while the store was writable. */
    void push(Storage storage) {
        Registry registry = new Registry(storage, Clock.systemUTC());
        RepositoryName app = new RepositoryName("app");
        layerDigest = registry.uploads()
                .putWhole(app, Digest.of(DigestAlgorithm.SHA256, layer), sink -> sink.accept(ByteBuffer.wrap(layer)));
        Digest configDigest = registry.uploads()
                .putWhole(app, Digest.of(DigestAlgorithm.SHA256, config), sink -> sink.accept(ByteBuffer.wrap(config)));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + layerDigest + "\",\"size\":5}]}";
        manifestDigest = registry.manifests()
                .put(
                        app,
                        Reference.parse("v1"),
                        manifest.getBytes(StandardCharsets.UTF_8),
                        MediaTypes.OCI_MANIFEST,
                        List.of())
                .digest();
    }

    @Test
    void headAndGetAnswerWhenClaimsCannotBeWritten() throws Exception {
        FailingStorage storage = new FailingStorage(new InMemoryStorage());
        push(storage);
        storage.refusingWrites = true;
        // Two hours on, so the claims the push wrote are due for a rewrite.
        Registry registry = new Registry(storage, Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
        try (LocalServer server = LocalServer.start(registry)) {
            URI base = URI.create("http://127.0.0.1:" + server.address().getPort());
            for (int i = 0; i < 5; i++) {
                pullsWork(base);
            }
            assertThat(storage.refused).as("the HEADs tried to claim").isGreaterThan(0);
            assertThat(send(base, "POST", "/v2/app/blobs/uploads/"))
                    .as("a push needs a writable store")
                    .isEqualTo(503);
        }
        assertThat(log.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .hasSize(1)
                .first()
                .extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .contains("could not be written", "Read-only file system");
    }

    @Test
    void aReadOnlyFilesystemServesPulls() throws Exception {
        Path root = Files.createDirectory(dir.resolve("store"));
        try (Tmpfs tmpfs = Tmpfs.mount(root, "8m")) {
            try (FileSystemStorage storage = new FileSystemStorage(root)) {
                push(storage);
            }
            tmpfs.remountReadOnly();
            RegistryConfig config = new ConfigLoader()
                    .set(ConfigKey.LISTEN, "127.0.0.1:0")
                    .set(ConfigKey.STORAGE, root.toString())
                    .set(ConfigKey.GC_INTERVAL, "0")
                    .set(ConfigKey.GC_GRACE, "0s")
                    .load();
            try (RegistryServer server = RegistryServer.start(config)) {
                pullsWork(URI.create("http://127.0.0.1:" + server.port()));
            }
        }
    }

    private void pullsWork(URI base) throws Exception {
        for (String method : List.of("HEAD", "GET")) {
            assertThat(send(base, method, "/v2/app/blobs/" + layerDigest))
                    .as(method + " blob")
                    .isEqualTo(200);
            assertThat(send(base, method, "/v2/app/manifests/v1"))
                    .as(method + " manifest by tag")
                    .isEqualTo(200);
            assertThat(send(base, method, "/v2/app/manifests/" + manifestDigest))
                    .as(method + " manifest")
                    .isEqualTo(200);
        }
    }

    private int send(URI base, String method, String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .header("Accept", MediaTypes.OCI_MANIFEST)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
