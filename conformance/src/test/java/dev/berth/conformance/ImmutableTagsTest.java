package dev.berth.conformance;

import static dev.berth.conformance.Check.created;
import static dev.berth.conformance.Check.error;
import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Immutable tags ({@code repositories.immutable-tags}, here {@value RepositoryRulesUnderTest#IMMUTABLE_REPOSITORIES}
 * except {@code latest} and {@code dev-*}): moving a tag to another manifest is refused with
 * {@code 400 TAG_INVALID} and changes nothing in storage; pushing the manifest it points at again is
 * fine, and so are excluded tags and tags that were deleted.
 */
class ImmutableTagsTest extends RegistryTest {

    private String immutable;
    private Image first;

    @BeforeEach
    void pushFirstImage(TestInfo test) {
        RepositoryRulesUnderTest.assumeConfigured(registry);
        immutable = RepositoryRulesUnderTest.immutableRepository(test);
        first = registry.pushImage(immutable, "v1");
    }

    /** The blobs of a second image, pushed; its manifest, not. */
    private byte[] secondManifest() {
        byte[] configBytes = Data.config("linux", "arm64");
        Descriptor config =
                new Descriptor(MediaTypes.OCI_CONFIG, registry.pushBlob(immutable, configBytes), configBytes.length);
        return Manifests.ociManifest(
                        config, List.of(registry.pushRandomBlob(immutable, MediaTypes.OCI_LAYER_GZIP, 2048)))
                .build();
    }

    private static void assertImmutable(Response put) {
        error(put, 400, "TAG_INVALID");
        assertThat(put.json().path("errors").get(0).path("message").asText())
                .as(put.toString())
                .startsWith("tag is immutable");
    }

    private String tagTarget(String tag) {
        return status(registry.get("/v2/" + immutable + "/manifests/" + tag, "Accept", MediaTypes.OCI_MANIFEST), 200)
                .requireHeader("Docker-Content-Digest");
    }

    @Test
    void movingATagIsRefusedAndChangesNothing() {
        byte[] second = secondManifest();
        StorageView storage = registry.localStorage().orElseThrow();
        Map<String, Long> before = storage.snapshot();

        assertImmutable(registry.putManifest(immutable, "v1", MediaTypes.OCI_MANIFEST, second));

        assertThat(storage.snapshot())
                .as("everything in %s after the refused push", storage)
                .isEqualTo(before);
        assertThat(tagTarget("v1")).isEqualTo(first.digest());
        status(registry.get("/v2/" + immutable + "/manifests/" + Digests.sha256(second)), 404);
    }

    @Test
    void pushingTheManifestATagPointsAtAgainIsAccepted() {
        created(registry.putManifest(immutable, "v1", MediaTypes.OCI_MANIFEST, first.manifest()));
        Response byDigest = created(
                registry.putManifest(immutable, first.digest() + "?tag=v1", MediaTypes.OCI_MANIFEST, first.manifest()));

        assertThat(byDigest.headerValues("OCI-Tag")).containsExactly("v1");
        assertThat(tagTarget("v1")).isEqualTo(first.digest());
    }

    @Test
    void noTagOfAPushMovesWhenOneIsImmutable() {
        byte[] second = secondManifest();

        assertImmutable(registry.putManifest(
                immutable, Digests.sha256(second) + "?tag=v2&tag=v1", MediaTypes.OCI_MANIFEST, second));

        status(registry.get("/v2/" + immutable + "/manifests/v2"), 404);
        status(registry.get("/v2/" + immutable + "/manifests/" + Digests.sha256(second)), 404);
        assertThat(tagTarget("v1")).isEqualTo(first.digest());
    }

    @Test
    void excludedTagsMove() {
        for (String tag : List.of("latest", "dev-1")) {
            created(registry.putManifest(immutable, tag, MediaTypes.OCI_MANIFEST, first.manifest()));
            byte[] second = secondManifest();
            created(registry.putManifest(immutable, tag, MediaTypes.OCI_MANIFEST, second));
            assertThat(tagTarget(tag)).isEqualTo(Digests.sha256(second));
        }
    }

    @Test
    void aDeletedTagMayBePushedAnew() {
        byte[] second = secondManifest();
        status(registry.delete("/v2/" + immutable + "/manifests/v1"), 202);

        created(registry.putManifest(immutable, "v1", MediaTypes.OCI_MANIFEST, second));

        assertThat(tagTarget("v1")).isEqualTo(Digests.sha256(second));
    }

    @Test
    void tagsOfOtherRepositoriesMove() {
        Image one = registry.pushImage(repo, "v1");
        Image two = registry.pushImage(repo, "v1");

        assertThat(status(registry.get("/v2/" + repo + "/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST), 200)
                        .requireHeader("Docker-Content-Digest"))
                .isEqualTo(two.digest())
                .isNotEqualTo(one.digest());
    }
}
