package dev.berth.conformance;

import static dev.berth.conformance.Check.body;
import static dev.berth.conformance.Check.created;
import static dev.berth.conformance.Check.error;
import static dev.berth.conformance.Check.errorEnvelope;
import static dev.berth.conformance.Check.header;
import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** PUT /v2/name/manifests/reference: the manifest kinds a registry stores and the ones it refuses. */
class ManifestPushTest extends RegistryTest {

    private static final int FOUR_MIB = 4 * 1024 * 1024;

    @Test
    void ociImageManifest() {
        Image image = registry.pushImage(repo, null);
        byte[] manifest = Manifests.ociManifest(image.config(), image.layers())
                .annotation("org.opencontainers.image.title", "conformance")
                .build();

        Response put = registry.putManifest(repo, "oci", MediaTypes.OCI_MANIFEST, manifest);

        createdWithDigest(put, manifest);
        body(status(registry.get(put.requireHeader("Location"), "Accept", MediaTypes.OCI_MANIFEST), 200), manifest);
    }

    @Test
    void ociImageIndex() {
        Image amd64 = registry.pushImage(repo, null);
        Image arm64 = registry.pushImage(repo, null);
        byte[] index = Manifests.ociIndex(List.of(amd64.descriptor(), arm64.descriptor()))
                .build();

        Response put = registry.putManifest(repo, "index", MediaTypes.OCI_INDEX, index);

        createdWithDigest(put, index);
        body(status(registry.get(put.requireHeader("Location"), "Accept", MediaTypes.OCI_INDEX), 200), index);
    }

    @Test
    void dockerSchema2Manifest() {
        byte[] manifest = dockerManifest(repo);

        Response put = registry.putManifest(repo, "docker", MediaTypes.DOCKER_MANIFEST, manifest);

        createdWithDigest(put, manifest);
    }

    @Test
    void dockerManifestList() {
        byte[] a = dockerManifest(repo);
        byte[] b = dockerManifest(repo);
        registry.pushManifest(repo, Digests.sha256(a), MediaTypes.DOCKER_MANIFEST, a);
        registry.pushManifest(repo, Digests.sha256(b), MediaTypes.DOCKER_MANIFEST, b);
        byte[] list = Manifests.dockerList(List.of(
                        new Descriptor(MediaTypes.DOCKER_MANIFEST, Digests.sha256(a), a.length),
                        new Descriptor(MediaTypes.DOCKER_MANIFEST, Digests.sha256(b), b.length)))
                .build();

        Response put = registry.putManifest(repo, "list", MediaTypes.DOCKER_LIST, list);

        createdWithDigest(put, list);
    }

    @Test
    void manifestPushedByDigest() {
        Image image = registry.pushImage(repo, null);
        byte[] manifest = Manifests.ociManifest(image.config(), image.layers())
                .annotation("dev.berth.conformance", Data.token(12))
                .build();
        String digest = Digests.sha256(manifest);

        Response put = registry.putManifest(repo, digest, MediaTypes.OCI_MANIFEST, manifest);

        createdWithDigest(put, manifest);
        body(
                status(registry.get("/v2/" + repo + "/manifests/" + digest, "Accept", MediaTypes.OCI_MANIFEST), 200),
                manifest);
    }

    @Test
    void signedSchema1IsRefused() {
        Image image = registry.pushImage(repo, null);
        String body = "{\"schemaVersion\":1,\"name\":\"" + repo + "\",\"tag\":\"old\",\"architecture\":\"amd64\","
                + "\"fsLayers\":[{\"blobSum\":\"" + image.layers().get(0).digest() + "\"}],"
                + "\"history\":[{\"v1Compatibility\":\"{\\\"id\\\":\\\"abc\\\"}\"}],"
                + "\"signatures\":[{\"header\":{\"jwk\":{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"AA\",\"y\":\"AA\"},"
                + "\"alg\":\"ES256\"},\"signature\":\"AA\",\"protected\":\"AA\"}]}";

        Response put = registry.putManifest(
                repo, "old", MediaTypes.DOCKER_SCHEMA1_SIGNED, body.getBytes(StandardCharsets.UTF_8));

        error(put, 400, "MANIFEST_INVALID");
        status(registry.head("/v2/" + repo + "/manifests/old"), 404);
    }

    @Test
    void unsignedSchema1IsRefused() {
        Image image = registry.pushImage(repo, null);
        String body = "{\"schemaVersion\":1,\"name\":\"" + repo + "\",\"tag\":\"old\",\"architecture\":\"amd64\","
                + "\"fsLayers\":[{\"blobSum\":\"" + image.layers().get(0).digest() + "\"}],"
                + "\"history\":[{\"v1Compatibility\":\"{}\"}]}";

        Response put =
                registry.putManifest(repo, "old", MediaTypes.DOCKER_SCHEMA1, body.getBytes(StandardCharsets.UTF_8));

        error(put, 400, "MANIFEST_INVALID");
    }

    @Test
    void schemaVersion1UnderAnOciContentTypeIsRefused() {
        Image image = registry.pushImage(repo, null);
        byte[] manifest = Manifests.ociManifest(image.config(), image.layers())
                .put("schemaVersion", 1)
                .build();

        error(registry.putManifest(repo, "v1", MediaTypes.OCI_MANIFEST, manifest), 400, "MANIFEST_INVALID");
    }

    @Test
    void invalidJsonIsRefused() {
        byte[] garbage = "{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", "
                .getBytes(StandardCharsets.UTF_8);

        error(registry.putManifest(repo, "broken", MediaTypes.OCI_MANIFEST, garbage), 400, "MANIFEST_INVALID");
        status(registry.head("/v2/" + repo + "/manifests/broken"), 404);
    }

    @Test
    void mediaTypeFieldDifferentFromContentTypeIsRefused() {
        Image image = registry.pushImage(repo, null);
        byte[] manifest = Manifests.ociManifest(image.config(), image.layers())
                .annotation("dev.berth.conformance", Data.token(12))
                .build();

        error(registry.putManifest(repo, "mismatch", MediaTypes.OCI_INDEX, manifest), 400, "MANIFEST_INVALID");
        error(registry.putManifest(repo, "mismatch", MediaTypes.DOCKER_MANIFEST, manifest), 400, "MANIFEST_INVALID");
        status(registry.head("/v2/" + repo + "/manifests/mismatch"), 404);
    }

    @Test
    void manifestOfFourMebibytesIsAccepted() {
        Image image = registry.pushImage(repo, null);
        byte[] manifest = padded(image, FOUR_MIB);

        createdWithDigest(registry.putManifest(repo, "big", MediaTypes.OCI_MANIFEST, manifest), manifest);
    }

    @Test
    void manifestOverFourMebibytesIsRefusedWith413() {
        Image image = registry.pushImage(repo, null);
        byte[] manifest = padded(image, FOUR_MIB + 1);

        // A server that answers early must then read the rest of the body or close the connection;
        // otherwise the client, still sending, never sees the answer.
        Response put = registry.request("PUT", "/v2/" + repo + "/manifests/too-big")
                .header("Content-Type", MediaTypes.OCI_MANIFEST)
                .timeout(Duration.ofSeconds(20))
                .body(manifest)
                .send();

        status(put, 413);
        errorEnvelope(put);
        status(registry.head("/v2/" + repo + "/manifests/too-big"), 404);
    }

    @Test
    void manifestOverFourMebibytesIsRefusedBeforeTheBodyWhenTheClientAsksToContinue() {
        Image image = registry.pushImage(repo, null);
        byte[] manifest = padded(image, 2 * FOUR_MIB);

        Response put = registry.request("PUT", "/v2/" + repo + "/manifests/too-big")
                .header("Content-Type", MediaTypes.OCI_MANIFEST)
                .expectContinue()
                .timeout(Duration.ofSeconds(20))
                .body(manifest)
                .send();

        status(put, 413);
        errorEnvelope(put);
    }

    @Test
    void missingLayerIsRefused() {
        Image image = registry.pushImage(repo, null);
        Descriptor missing = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digests.sha256(Data.random(100)), 100);
        byte[] manifest = Manifests.ociManifest(
                        image.config(), List.of(image.layers().get(0), missing))
                .build();

        error(registry.putManifest(repo, "missing", MediaTypes.OCI_MANIFEST, manifest), 400, "MANIFEST_BLOB_UNKNOWN");
        status(registry.head("/v2/" + repo + "/manifests/missing"), 404);
    }

    @Test
    void missingConfigIsRefused() {
        Image image = registry.pushImage(repo, null);
        Descriptor missing = new Descriptor(MediaTypes.OCI_CONFIG, Digests.sha256(Data.random(100)), 100);
        byte[] manifest = Manifests.ociManifest(missing, image.layers()).build();

        error(registry.putManifest(repo, "missing", MediaTypes.OCI_MANIFEST, manifest), 400, "MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void layerKnownOnlyToAnotherRepositoryIsRefused() {
        String other = Repos.unique("other");
        Image image = registry.pushImage(repo, null);
        byte[] foreign = Data.random(500);
        Descriptor foreignLayer =
                new Descriptor(MediaTypes.OCI_LAYER_GZIP, registry.pushBlob(other, foreign), foreign.length);
        byte[] manifest =
                Manifests.ociManifest(image.config(), List.of(foreignLayer)).build();

        error(registry.putManifest(repo, "foreign", MediaTypes.OCI_MANIFEST, manifest), 400, "MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void indexWithMissingChildIsRefused() {
        Image present = registry.pushImage(repo, null);
        Descriptor missing = new Descriptor(MediaTypes.OCI_MANIFEST, Digests.sha256(Data.random(100)), 100);
        byte[] index =
                Manifests.ociIndex(List.of(present.descriptor(), missing)).build();

        error(registry.putManifest(repo, "missing", MediaTypes.OCI_INDEX, index), 400, "MANIFEST_BLOB_UNKNOWN");
        status(registry.head("/v2/" + repo + "/manifests/missing"), 404);
    }

    @Test
    void subjectThatDoesNotExistIsAcceptedAndAcknowledged() {
        Image image = registry.pushImage(repo, null);
        Descriptor absent = new Descriptor(MediaTypes.OCI_MANIFEST, Digests.sha256(Data.random(300)), 300);
        byte[] manifest = Manifests.ociManifest(image.config(), image.layers())
                .subject(absent)
                .artifactType("application/vnd.example.signature.v1")
                .build();

        Response put = registry.putManifest(repo, Digests.sha256(manifest), MediaTypes.OCI_MANIFEST, manifest);

        createdWithDigest(put, manifest);
        header(put, "OCI-Subject", absent.digest());
    }

    @Test
    void bodyOfAnotherDigestIsRefused() {
        Image image = registry.pushImage(repo, null);
        byte[] manifest = Manifests.ociManifest(image.config(), image.layers())
                .annotation("dev.berth.conformance", Data.token(12))
                .build();
        String wrong = Digests.sha256(Data.random(100));

        error(registry.putManifest(repo, wrong, MediaTypes.OCI_MANIFEST, manifest), 400, "DIGEST_INVALID");
        status(registry.head("/v2/" + repo + "/manifests/" + wrong), 404);
        status(registry.head("/v2/" + repo + "/manifests/" + Digests.sha256(manifest)), 404);
    }

    @Test
    void pushByDigestWithTagParametersTagsEach() {
        Image image = registry.pushImage(repo, null);
        byte[] manifest = Manifests.ociManifest(image.config(), image.layers())
                .annotation("dev.berth.conformance", Data.token(12))
                .build();
        String digest = Digests.sha256(manifest);

        Response put = registry.request("PUT", "/v2/" + repo + "/manifests/" + digest + "?tag=alpha&tag=beta")
                .header("Content-Type", MediaTypes.OCI_MANIFEST)
                .body(manifest)
                .send();

        createdWithDigest(put, manifest);
        for (String tag : List.of("alpha", "beta")) {
            Response get =
                    status(registry.get("/v2/" + repo + "/manifests/" + tag, "Accept", MediaTypes.OCI_MANIFEST), 200);
            header(get, "Docker-Content-Digest", digest);
            body(get, manifest);
        }
        Response tags = status(registry.get("/v2/" + repo + "/tags/list"), 200);
        assertThat(Urls.textArray(tags.json().path("tags")))
                .as("tags in\n%s", tags)
                .contains("alpha", "beta");
    }

    @Test
    void pushByDigestWithTagParametersAnswersOneOciTagHeaderPerTag() {
        Image image = registry.pushImage(repo, null);
        byte[] manifest = Manifests.ociManifest(image.config(), image.layers())
                .annotation("dev.berth.conformance", Data.token(12))
                .build();
        String digest = Digests.sha256(manifest);

        Response put = registry.request("PUT", "/v2/" + repo + "/manifests/" + digest + "?tag=alpha&tag=beta")
                .header("Content-Type", MediaTypes.OCI_MANIFEST)
                .body(manifest)
                .send();

        createdWithDigest(put, manifest);
        assertThat(put.headerValues("OCI-Tag"))
                .as("OCI-Tag headers in\n%s", put)
                .containsExactlyInAnyOrder("alpha", "beta");
    }

    static Stream<String> nonDistributableLayerTypes() {
        return Stream.of(
                "application/vnd.oci.image.layer.nondistributable.v1.tar",
                "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
                "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
                "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");
    }

    @ParameterizedTest
    @MethodSource("nonDistributableLayerTypes")
    void nonDistributableLayerNeedsNoBlob(String layerType) {
        Image image = registry.pushImage(repo, null);
        Descriptor foreign = new Descriptor(layerType, Digests.sha256(Data.random(300)), 300);
        byte[] manifest = Manifests.ociManifest(
                        image.config(), List.of(image.layers().get(0), foreign))
                .build();

        Response put = registry.putManifest(repo, "foreign", MediaTypes.OCI_MANIFEST, manifest);

        createdWithDigest(put, manifest);
        body(
                status(registry.get("/v2/" + repo + "/manifests/foreign", "Accept", MediaTypes.OCI_MANIFEST), 200),
                manifest);
    }

    @Test
    void layerWithUrlsNeedsNoBlob() throws Exception {
        Image image = registry.pushImage(repo, null);
        String digest = Digests.sha256(Data.random(300));
        byte[] manifest = Manifests.ociManifest(image.config(), image.layers()).build();
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(manifest);
        ObjectNode layer = ((ArrayNode) root.get("layers")).addObject();
        layer.put("mediaType", MediaTypes.OCI_LAYER_GZIP).put("digest", digest).put("size", 300);
        layer.putArray("urls").add("https://example.com/layers/" + digest);
        byte[] withUrls = Json.MAPPER.writeValueAsBytes(root);

        createdWithDigest(registry.putManifest(repo, "urls", MediaTypes.OCI_MANIFEST, withUrls), withUrls);
    }

    @Test
    void dockerForeignLayerNeedsNoBlob() {
        byte[] config = Data.config("windows", "amd64");
        Descriptor c = new Descriptor(MediaTypes.DOCKER_CONFIG, registry.pushBlob(repo, config), config.length);
        Descriptor foreign = new Descriptor(
                "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", Digests.sha256(Data.random(300)), 300);
        byte[] manifest = Manifests.dockerManifest(c, List.of(foreign)).build();

        createdWithDigest(registry.putManifest(repo, "windows", MediaTypes.DOCKER_MANIFEST, manifest), manifest);
    }

    @Test
    void retaggingMovesTheTagAndKeepsTheOldManifest() {
        Image first = registry.pushImage(repo, "moving");
        Image second = registry.pushImage(repo, "moving");

        Response byTag =
                status(registry.get("/v2/" + repo + "/manifests/moving", "Accept", MediaTypes.OCI_MANIFEST), 200);
        header(byTag, "Docker-Content-Digest", second.digest());
        body(
                status(
                        registry.get("/v2/" + repo + "/manifests/" + first.digest(), "Accept", MediaTypes.OCI_MANIFEST),
                        200),
                first.manifest());
    }

    private void createdWithDigest(Response put, byte[] manifest) {
        created(put);
        header(put, "Docker-Content-Digest", Digests.sha256(manifest));
    }

    private byte[] dockerManifest(String repository) {
        byte[] config = Data.config("linux", "amd64");
        byte[] layer = Data.random(700);
        Descriptor c = new Descriptor(MediaTypes.DOCKER_CONFIG, registry.pushBlob(repository, config), config.length);
        Descriptor l = new Descriptor(MediaTypes.DOCKER_LAYER, registry.pushBlob(repository, layer), layer.length);
        return Manifests.dockerManifest(c, List.of(l)).build();
    }

    /** A valid OCI manifest of the image's blobs, padded with an annotation to exactly {@code size} bytes. */
    static byte[] padded(Image image, int size) {
        int base = Manifests.ociManifest(image.config(), image.layers())
                .annotation("padding", "")
                .build()
                .length;
        byte[] manifest = Manifests.ociManifest(image.config(), image.layers())
                .annotation("padding", "x".repeat(size - base))
                .build();
        if (manifest.length != size) {
            throw new IllegalStateException("padding produced " + manifest.length + " bytes, not " + size);
        }
        return manifest;
    }
}
