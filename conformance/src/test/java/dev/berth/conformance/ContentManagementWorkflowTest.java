package dev.berth.conformance;

import static dev.berth.conformance.Check.body;
import static dev.berth.conformance.Check.error;
import static dev.berth.conformance.Check.header;
import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec's Content Management category: deleting tags, manifests and blobs. */
class ContentManagementWorkflowTest extends RegistryTest {

    private static final String ACCEPT = MediaTypes.OCI_MANIFEST + ", " + MediaTypes.OCI_INDEX;

    @Test
    void deletingATagRemovesOnlyTheTag() {
        Image image = registry.pushImage(repo, "doomed");
        registry.pushManifest(repo, "kept", MediaTypes.OCI_MANIFEST, image.manifest());

        status(registry.delete("/v2/" + repo + "/manifests/doomed"), 202);

        error(registry.get("/v2/" + repo + "/manifests/doomed", "Accept", ACCEPT), 404, "MANIFEST_UNKNOWN");
        body(
                status(registry.get("/v2/" + repo + "/manifests/" + image.digest(), "Accept", ACCEPT), 200),
                image.manifest());
        header(
                status(registry.get("/v2/" + repo + "/manifests/kept", "Accept", ACCEPT), 200),
                "Docker-Content-Digest",
                image.digest());
        Response tags = status(registry.get("/v2/" + repo + "/tags/list"), 200);
        assertThat(Urls.textArray(tags.json().path("tags")))
                .as("tags in\n%s", tags)
                .containsExactly("kept");
    }

    @Test
    void deletingAManifestByDigestRemovesItAndItsTags() {
        Image image = registry.pushImage(repo, "v1");
        Image other = registry.pushImage(repo, "v2");

        status(registry.delete("/v2/" + repo + "/manifests/" + image.digest()), 202);

        error(registry.get("/v2/" + repo + "/manifests/" + image.digest(), "Accept", ACCEPT), 404, "MANIFEST_UNKNOWN");
        status(registry.head("/v2/" + repo + "/manifests/" + image.digest(), "Accept", ACCEPT), 404);
        error(registry.get("/v2/" + repo + "/manifests/v1", "Accept", ACCEPT), 404, "MANIFEST_UNKNOWN");
        header(
                status(registry.get("/v2/" + repo + "/manifests/v2", "Accept", ACCEPT), 200),
                "Docker-Content-Digest",
                other.digest());
        Response tags = status(registry.get("/v2/" + repo + "/tags/list"), 200);
        assertThat(Urls.textArray(tags.json().path("tags")))
                .as("tags in\n%s", tags)
                .containsExactly("v2");
    }

    @Test
    void deletingAnUnknownManifestIsNotFound() {
        Image image = registry.pushImage(repo, "v1");
        status(registry.delete("/v2/" + repo + "/manifests/" + image.digest()), 202);

        error(registry.delete("/v2/" + repo + "/manifests/" + image.digest()), 404, "MANIFEST_UNKNOWN");
        error(
                registry.delete("/v2/" + repo + "/manifests/" + Digests.sha256(Data.random(10))),
                404,
                "MANIFEST_UNKNOWN");
        error(registry.delete("/v2/" + repo + "/manifests/no-such-tag"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void deletingAManifestInOneRepositoryKeepsItInAnother() {
        String other = Repos.unique("other");
        Image image = registry.pushImage(repo, "v1");
        for (Descriptor blob :
                List.of(image.config(), image.layers().get(0), image.layers().get(1))) {
            Check.created(registry.request("POST", BlobMountTest.mountPath(other, blob.digest(), repo))
                    .body(new byte[0])
                    .send());
        }
        registry.pushManifest(other, "v1", MediaTypes.OCI_MANIFEST, image.manifest());

        status(registry.delete("/v2/" + repo + "/manifests/" + image.digest()), 202);

        body(status(registry.get("/v2/" + other + "/manifests/v1", "Accept", ACCEPT), 200), image.manifest());
    }

    @Test
    void deletingABlob() {
        byte[] content = Data.random(2000);
        String digest = registry.pushBlob(repo, content);

        status(registry.delete("/v2/" + repo + "/blobs/" + digest), 202);

        error(registry.get("/v2/" + repo + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
        status(registry.head("/v2/" + repo + "/blobs/" + digest), 404);
        error(registry.delete("/v2/" + repo + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
    }

    @Test
    void deletingABlobInOneRepositoryKeepsItInAnother() {
        String other = Repos.unique("other");
        byte[] content = Data.random(2000);
        String digest = registry.pushBlob(repo, content);
        registry.pushBlob(other, content);

        status(registry.delete("/v2/" + repo + "/blobs/" + digest), 202);

        body(status(registry.get("/v2/" + other + "/blobs/" + digest), 200), content);
        status(registry.head("/v2/" + repo + "/blobs/" + digest), 404);
    }

    @Test
    void deletingAReferrerRemovesItFromTheReferrersList() {
        Image image = registry.pushImage(repo, "app");
        ReferrersTest.Referrer signature = ReferrersTest.pushSignature(registry, repo, image.descriptor());
        ReferrersTest.Referrer sbom = ReferrersTest.pushSbomWithoutArtifactType(registry, repo, image.descriptor());

        status(registry.delete("/v2/" + repo + "/manifests/" + signature.digest()), 202);

        Response list = status(registry.get("/v2/" + repo + "/referrers/" + image.digest()), 200);
        assertThat(ReferrersTest.descriptorsByDigest(list.json()).keySet())
                .as("referrers in\n%s", list)
                .containsExactly(sbom.digest());
    }

    @Test
    void cancellingAnUploadDiscardsIt() {
        Response post = registry.startUpload(repo);
        String location = status(
                        registry.request("PATCH", post.requireHeader("Location"))
                                .header("Content-Type", "application/octet-stream")
                                .body(Data.random(1000))
                                .send(),
                        202)
                .requireHeader("Location");

        status(registry.delete(location), 204);

        error(registry.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    }
}
