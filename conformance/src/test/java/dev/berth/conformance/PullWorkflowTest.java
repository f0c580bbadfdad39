package dev.berth.conformance;

import static dev.berth.conformance.Check.header;
import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The spec's Pull category as a client walks it: manifest first, then every blob it names, each
 * verified against the digest the client asked for.
 */
class PullWorkflowTest extends RegistryTest {

    private static final String ACCEPT = String.join(
            ", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_LIST, MediaTypes.DOCKER_MANIFEST);

    @Test
    void pullAnImageByTag() {
        Image image = registry.pushImage(repo, "v1");

        byte[] manifest = pullManifest("v1", image.digest());
        pullBlobsOf(manifest);
    }

    @Test
    void pullAnImageByDigest() {
        Image image = registry.pushImage(repo, "v1");

        byte[] manifest = pullManifest(image.digest(), image.digest());
        pullBlobsOf(manifest);
    }

    @Test
    void pullOnePlatformOfAMultiPlatformIndex() {
        Image amd64 = registry.pushImage(repo, null);
        Image arm64 = registry.pushImage(repo, null);
        byte[] index = Manifests.ociIndex(List.of(amd64.descriptor(), arm64.descriptor()))
                .build();
        String indexDigest = registry.pushManifest(repo, "multi", MediaTypes.OCI_INDEX, index);

        JsonNode pulledIndex = parse(pullManifest("multi", indexDigest));
        JsonNode arm = null;
        for (JsonNode m : pulledIndex.path("manifests")) {
            if (m.path("platform").path("architecture").asText().equals("arm64")) {
                arm = m;
            }
        }
        assertThat(arm).as("arm64 entry in the index").isNotNull();
        byte[] manifest = pullManifest(arm.path("digest").asText(), arm64.digest());
        assertThat(manifest.length).isEqualTo(arm.path("size").asInt());
        pullBlobsOf(manifest);
    }

    @Test
    void checkExistenceWithHead() {
        Image image = registry.pushImage(repo, "v1");

        status(registry.head("/v2/" + repo + "/manifests/v1", "Accept", ACCEPT), 200);
        status(registry.head("/v2/" + repo + "/manifests/" + image.digest(), "Accept", ACCEPT), 200);
        for (Descriptor layer : image.layers()) {
            Response head = status(registry.head("/v2/" + repo + "/blobs/" + layer.digest()), 200);
            header(head, "Content-Length", String.valueOf(layer.size()));
        }
        status(registry.head("/v2/" + repo + "/manifests/v2", "Accept", ACCEPT), 404);
        status(registry.head("/v2/" + repo + "/blobs/" + Digests.sha256(Data.random(8))), 404);
    }

    @Test
    void resumeAnInterruptedBlobDownloadWithRanges() {
        byte[] content = Data.random(50_000);
        String digest = registry.pushBlob(repo, content);
        ByteArrayOutputStream assembled = new ByteArrayOutputStream();

        for (int offset = 0; offset < content.length; offset += 12_000) {
            int last = Math.min(offset + 12_000, content.length) - 1;
            Response part = status(
                    registry.get("/v2/" + repo + "/blobs/" + digest, "Range", "bytes=" + offset + "-" + last), 206);
            assembled.writeBytes(part.body());
        }

        assertThat(Digests.sha256(assembled.toByteArray())).isEqualTo(digest);
    }

    @Test
    void pullFromARepositoryThatDoesNotExist() {
        String missing = Repos.unique("never-pushed");

        Response manifest = registry.get("/v2/" + missing + "/manifests/latest", "Accept", ACCEPT);
        status(manifest, 404);
        assertThat(manifest.errorCodes())
                .as("error codes in\n%s", manifest)
                .containsAnyOf("NAME_UNKNOWN", "MANIFEST_UNKNOWN");
        Response blob = registry.get("/v2/" + missing + "/blobs/" + Digests.sha256(Data.random(8)));
        status(blob, 404);
        assertThat(blob.errorCodes()).as("error codes in\n%s", blob).containsAnyOf("NAME_UNKNOWN", "BLOB_UNKNOWN");
    }

    /** GETs a manifest, checks it hashes to the expected digest, and returns it. */
    private byte[] pullManifest(String reference, String expectedDigest) {
        Response get = status(registry.get("/v2/" + repo + "/manifests/" + reference, "Accept", ACCEPT), 200);
        assertThat(Digests.sha256(get.body()))
                .as("digest of the manifest body in\n%s", get)
                .isEqualTo(expectedDigest);
        header(get, "Docker-Content-Digest", expectedDigest);
        String mediaType = parse(get.body()).path("mediaType").asText();
        ManifestPullTest.assertContentType(get, mediaType);
        return get.body();
    }

    private void pullBlobsOf(byte[] manifest) {
        JsonNode m = parse(manifest);
        pullBlob(m.path("config"));
        assertThat(m.path("layers")).isNotEmpty();
        m.path("layers").forEach(this::pullBlob);
    }

    private void pullBlob(JsonNode descriptor) {
        String digest = descriptor.path("digest").asText();
        Response get = status(registry.get("/v2/" + repo + "/blobs/" + digest), 200);
        assertThat(Digests.sha256(get.body()))
                .as("digest of the blob body in\n%s", get)
                .isEqualTo(digest);
        assertThat((long) get.body().length)
                .as("size of %s", digest)
                .isEqualTo(descriptor.path("size").asLong());
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }
}
