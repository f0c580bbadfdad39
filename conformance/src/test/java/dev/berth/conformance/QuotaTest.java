package dev.berth.conformance;

import static dev.berth.conformance.Check.created;
import static dev.berth.conformance.Check.error;
import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Quotas ({@code repositories.quotas}, here {@link RepositoryRulesUnderTest#QUOTA} bytes per
 * repository {@value RepositoryRulesUnderTest#QUOTA_REPOSITORIES}), counted on the sizes of the
 * blobs a repository's manifests reference. A push past the limit is refused with {@code 403 DENIED}
 * naming the quota: at the manifest, whereupon the repository is as it was before the image's push
 * (its blobs' bytes wait for garbage collection), or already at the upload of a blob that cannot fit
 * on its own, which leaves storage exactly as it was.
 */
class QuotaTest extends RegistryTest {

    private static final String MESSAGE =
            "quota " + RepositoryRulesUnderTest.QUOTA_REPOSITORIES + " (64 KiB per repository) exceeded: ";

    private TestInfo test;
    private StorageView storage;

    @BeforeEach
    void configured(TestInfo info) {
        RepositoryRulesUnderTest.assumeConfigured(registry);
        test = info;
        storage = registry.localStorage().orElseThrow();
    }

    private String quotaRepository(String suffix) {
        return RepositoryRulesUnderTest.quotaRepository(test, suffix);
    }

    private Descriptor config(String repository) {
        byte[] bytes = Data.config("linux", "amd64");
        return new Descriptor(MediaTypes.OCI_CONFIG, registry.pushBlob(repository, bytes), bytes.length);
    }

    private Descriptor layer(String repository, int size) {
        return registry.pushRandomBlob(repository, MediaTypes.OCI_LAYER_GZIP, size);
    }

    private static byte[] manifest(Descriptor config, Descriptor... layers) {
        return Manifests.ociManifest(config, List.of(layers)).build();
    }

    private static void assertQuotaExceeded(Response r, String repository) {
        error(r, 403, "DENIED");
        assertThat(r.json().path("errors").get(0).path("message").asText())
                .as(r.toString())
                .startsWith(MESSAGE + repository + " would use ");
    }

    @Test
    void aPushOverTheQuotaIsRefusedAtItsManifestAndLeavesTheRepositoryAsBefore() {
        String repository = quotaRepository("a");
        Descriptor config = config(repository);
        registry.pushManifest(repository, "v1", MediaTypes.OCI_MANIFEST, manifest(config, layer(repository, 30_000)));
        Map<String, Long> before = storage.snapshot();

        Descriptor one = layer(repository, 20_000);
        Descriptor two = layer(repository, 20_000);
        byte[] over = manifest(config, one, two);
        assertQuotaExceeded(registry.putManifest(repository, "v2", MediaTypes.OCI_MANIFEST, over), repository);

        assertOnlyBlobsAdded(before, storage.snapshot(), List.of(one, two));
        for (Descriptor refused : List.of(one, two)) {
            status(registry.head("/v2/" + repository + "/blobs/" + refused.digest()), 404);
        }
        status(registry.get("/v2/" + repository + "/manifests/" + Digests.sha256(over)), 404);
        assertThat(registry.get("/v2/" + repository + "/tags/list")
                        .json()
                        .path("tags")
                        .toString())
                .isEqualTo("[\"v1\"]");
        byte[] fits = manifest(config, layer(repository, 20_000));
        registry.pushManifest(repository, "v2", MediaTypes.OCI_MANIFEST, fits);
    }

    @Test
    void aBlobThatCannotFitIsRefusedWhenItsUploadCompletesAndNothingIsKept() {
        String repository = quotaRepository("a");
        registry.pushManifest(
                repository, "v1", MediaTypes.OCI_MANIFEST, manifest(config(repository), layer(repository, 30_000)));
        Map<String, Long> before = storage.snapshot();
        byte[] tooBig = Data.random(40_000);
        String digest = Digests.sha256(tooBig);

        Response post = registry.startUpload(repository);
        assertQuotaExceeded(
                registry.request("PUT", Urls.withQuery(post.requireHeader("Location"), "digest", digest))
                        .header("Content-Type", "application/octet-stream")
                        .body(tooBig)
                        .send(),
                repository);
        assertThat(storage.snapshot())
                .as("everything in %s after a refused upload", storage)
                .isEqualTo(before);

        assertQuotaExceeded(registry.pushBlobChunked(repository, tooBig, digest, ""), repository);
        assertThat(storage.snapshot())
                .as("everything in %s after a refused upload in chunks", storage)
                .isEqualTo(before);

        assertQuotaExceeded(
                registry.request("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest)
                        .header("Content-Type", "application/octet-stream")
                        .body(tooBig)
                        .send(),
                repository);
        assertThat(storage.snapshot())
                .as("everything in %s after a refused upload in one request", storage)
                .isEqualTo(before);
        status(registry.head("/v2/" + repository + "/blobs/" + digest), 404);
    }

    @Test
    void aLayerStoredOnceCountsInEveryRepositoryThatReferencesIt() {
        String first = quotaRepository("a");
        String second = quotaRepository("b");
        Descriptor shared = layer(first, 40_000);
        registry.pushManifest(first, "v1", MediaTypes.OCI_MANIFEST, manifest(config(first), shared));
        created(registry.request("POST", BlobMountTest.mountPath(second, shared.digest(), first))
                .body(new byte[0])
                .send());

        Response over = registry.putManifest(
                second,
                "v1",
                MediaTypes.OCI_MANIFEST,
                manifest(config(second), shared, layer(second, 15_000), layer(second, 15_000)));

        assertQuotaExceeded(over, second);
        assertThat(over.json()
                        .path("errors")
                        .get(0)
                        .path("detail")
                        .path("added")
                        .asLong())
                .as("bytes the refused image adds to %s, its shared layer included", second)
                .isGreaterThan(70_000);
        status(registry.head("/v2/" + second + "/blobs/" + shared.digest()), 404);
        status(registry.head("/v2/" + first + "/blobs/" + shared.digest()), 200);
    }

    @Test
    void deletingAnImageMakesRoomForAnother() {
        String repository = quotaRepository("a");
        byte[] first = manifest(config(repository), layer(repository, 40_000));
        registry.pushManifest(repository, "v1", MediaTypes.OCI_MANIFEST, first);
        byte[] second = manifest(config(repository), layer(repository, 15_000), layer(repository, 15_000));
        assertQuotaExceeded(registry.putManifest(repository, "v2", MediaTypes.OCI_MANIFEST, second), repository);

        status(registry.delete("/v2/" + repository + "/manifests/" + Digests.sha256(first)), 202);

        Image pushed = registry.pushImage(repository, "v2");
        assertThat(pushed.layers()).hasSize(2);
    }

    /**
     * {@code after} holds what {@code before} held, unchanged, and besides only the bytes of the
     * {@code refused} blobs and what the store keeps about them for garbage collection (with, on a
     * filesystem, the directories of those files).
     */
    private void assertOnlyBlobsAdded(Map<String, Long> before, Map<String, Long> after, List<Descriptor> refused) {
        Map<String, Long> added = new TreeMap<>(after);
        before.forEach((path, size) ->
                assertThat(after).as("what the refusal left of %s", path).containsEntry(path, size));
        added.keySet().removeAll(before.keySet());
        List<String> files = new ArrayList<>();
        added.forEach((path, size) -> {
            if (size >= 0) {
                files.add(path);
            }
        });
        assertThat(files)
                .as("what the refused push added to %s", storage)
                .isNotEmpty()
                .allSatisfy(path -> {
                    assertThat(refused).anyMatch(d -> path.endsWith(d.digest().substring("sha256:".length())));
                    assertThat(path).containsAnyOf("blobs/sha256/", "gc/recent/sha256/");
                });
        added.forEach((path, size) -> {
            if (size < 0) {
                assertThat(files)
                        .as("directory %s holds something the refused push added", path)
                        .anyMatch(file -> file.startsWith(path + "/"));
            }
        });
    }
}
