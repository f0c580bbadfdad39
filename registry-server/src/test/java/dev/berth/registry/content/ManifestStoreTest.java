package dev.berth.registry.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.MediaTypes;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;
import dev.berth.storage.StoragePath;
import dev.berth.storage.memory.InMemoryStorage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestStoreTest {
    final InMemoryStorage storage = new InMemoryStorage();
    final Registry registry = new Registry(storage, Clock.systemUTC());
    final RepositoryName repo = new RepositoryName("app");

    Digest blob(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return registry.uploads().putWhole(repo, Digest.of(DigestAlgorithm.SHA256, bytes), ChunkSources.of(bytes));
    }

    static byte[] manifest(Digest config, Digest layer, String extra) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
                        + "\",\"size\":2},\"layers\":"
                        + "[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layer
                        + "\",\"size\":1}]"
                        + extra + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    List<StoragePath> everything() {
        List<StoragePath> all = new ArrayList<>();
        storage.walk(new StoragePath("repositories"), o -> all.add(o.path()));
        storage.walk(new StoragePath("blobs"), o -> all.add(o.path()));
        return all;
    }

    @Test
    void missingBlobIsRefusedAndNothingIsWritten() {
        Digest config = blob("{}");
        Digest missing = Digest.of(DigestAlgorithm.SHA256, "nope".getBytes(StandardCharsets.UTF_8));
        List<StoragePath> before = everything();
        assertThatThrownBy(() -> registry.manifests()
                        .put(repo, Reference.parse("v1"), manifest(config, missing, ""), null, List.of()))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_BLOB_UNKNOWN);
                    assertThat(e.detail()).isEqualTo(missing.toString());
                });
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void aRefusedPushClaimsNothing() {
        Digest config = blob("{}");
        // Content of another repository: in the store, not linked here.
        byte[] elsewhere = "a layer of another repository".getBytes(StandardCharsets.UTF_8);
        Digest foreign = Digest.of(DigestAlgorithm.SHA256, elsewhere);
        storage.put(RegistryLayout.blob(foreign), elsewhere);
        byte[] body = manifest(config, foreign, "");
        Digest pushed = Digest.of(DigestAlgorithm.SHA256, body);

        assertThatThrownBy(() -> registry.manifests().put(repo, Reference.parse("v1"), body, null, List.of()))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_BLOB_UNKNOWN));
        byte[] list = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{"
                        + "\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + foreign
                        + "\",\"size\":1}]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> registry.manifests().put(repo, Reference.parse("list"), list, null, List.of()))
                .isInstanceOf(RegistryException.class);

        assertThat(registry.guard().lastClaimed(foreign)).isEmpty();
        assertThat(registry.guard().lastClaimed(pushed)).isEmpty();
        assertThat(registry.guard().lastClaimed(Digest.of(DigestAlgorithm.SHA256, list)))
                .isEmpty();
    }

    @Test
    void aPushReportsTheTagsItSet() {
        Digest config = blob("{}");
        Digest layer = blob("L");
        var result = registry.manifests()
                .put(
                        repo,
                        Reference.parse("v1"),
                        manifest(config, layer, ""),
                        null,
                        List.of(new Tag("latest"), new Tag("v1")));
        assertThat(result.tags()).containsExactly(new Tag("v1"), new Tag("latest"));
    }

    @Test
    void putGetAndDeleteByTagAndDigest() {
        Digest config = blob("{}");
        Digest layer = blob("L");
        byte[] body = manifest(config, layer, "");
        var result = registry.manifests().put(repo, Reference.parse("v1"), body, null, List.of(new Tag("latest")));
        assertThat(registry.manifests()
                        .get(repo, Reference.parse("latest"))
                        .get()
                        .content())
                .isEqualTo(body);
        assertThat(registry.tags().list(repo, null, 10).names()).containsExactly("latest", "v1");

        assertThat(registry.manifests().delete(repo, Reference.parse("v1"))).isTrue();
        assertThat(registry.manifests()
                        .get(repo, Reference.parse(result.digest().toString())))
                .isPresent();

        assertThat(registry.manifests()
                        .delete(repo, Reference.parse(result.digest().toString())))
                .isTrue();
        assertThat(registry.manifests().get(repo, Reference.parse("latest"))).isEmpty();
        assertThat(registry.tags().list(repo, null, 10).names()).isEmpty();
    }

    @Test
    void referrersFollowTheirSubject() {
        Digest config = blob("{}");
        Digest layer = blob("L");
        Digest subject = Digest.of(DigestAlgorithm.SHA256, "absent".getBytes(StandardCharsets.UTF_8));
        var result = registry.manifests()
                .put(
                        repo,
                        Reference.parse("sig"),
                        manifest(
                                config,
                                layer,
                                ",\"artifactType\":\"application/x-sig\",\"subject\":{\"mediaType\":\""
                                        + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + subject + "\",\"size\":5}"),
                        null,
                        List.of());
        assertThat(result.subject()).isEqualTo(subject);
        assertThat(registry.referrers().list(repo, subject, null))
                .singleElement()
                .satisfies(d -> assertThat(d.artifactType()).isEqualTo("application/x-sig"));
        assertThat(registry.referrers().list(repo, subject, "other/type")).isEmpty();
        registry.manifests().delete(repo, Reference.parse(result.digest().toString()));
        assertThat(registry.referrers().list(repo, subject, null)).isEmpty();
    }

    @Test
    void catalogListsNestedRepositories() {
        blob("x");
        registry.uploads()
                .putWhole(
                        new RepositoryName("app/sub"),
                        Digest.of(DigestAlgorithm.SHA256, new byte[] {1}),
                        ChunkSources.of(new byte[] {1}));
        assertThat(registry.catalog().list(null, 10, n -> true).names()).containsExactly("app", "app/sub");
        assertThat(registry.catalog().list("app", 10, n -> true).names()).containsExactly("app/sub");
        assertThat(registry.catalog().list(null, 1, n -> true).truncated()).isTrue();
        assertThat(registry.catalog().list(null, 1, n -> n.contains("/"))).satisfies(page -> {
            assertThat(page.names()).containsExactly("app/sub");
            assertThat(page.truncated()).isFalse();
        });
    }
}
