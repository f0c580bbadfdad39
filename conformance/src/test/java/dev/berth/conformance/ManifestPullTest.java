package dev.berth.conformance;

import static dev.berth.conformance.Check.body;
import static dev.berth.conformance.Check.error;
import static dev.berth.conformance.Check.header;
import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** GET and HEAD of manifests by tag and by digest, and content negotiation. */
class ManifestPullTest extends RegistryTest {

    private static final String ACCEPT_ALL = String.join(
            ", ", MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LIST);

    @Test
    void getByTag() {
        Image image = registry.pushImage(repo, "latest");

        Response get = registry.get("/v2/" + repo + "/manifests/latest", "Accept", ACCEPT_ALL);

        status(get, 200);
        body(get, image.manifest());
        header(get, "Docker-Content-Digest", image.digest());
        assertContentType(get, MediaTypes.OCI_MANIFEST);
        header(get, "Content-Length", String.valueOf(image.manifest().length));
    }

    @Test
    void getByDigest() {
        Image image = registry.pushImage(repo, "latest");

        Response get = registry.get("/v2/" + repo + "/manifests/" + image.digest(), "Accept", ACCEPT_ALL);

        status(get, 200);
        body(get, image.manifest());
        header(get, "Docker-Content-Digest", image.digest());
        assertContentType(get, MediaTypes.OCI_MANIFEST);
    }

    @Test
    void headByTagAndByDigest() {
        Image image = registry.pushImage(repo, "latest");

        for (String reference : List.of("latest", image.digest())) {
            Response head = registry.head("/v2/" + repo + "/manifests/" + reference, "Accept", ACCEPT_ALL);
            status(head, 200);
            assertThat(head.body()).as("HEAD body in\n%s", head).isEmpty();
            header(head, "Docker-Content-Digest", image.digest());
            header(head, "Content-Length", String.valueOf(image.manifest().length));
            assertContentType(head, MediaTypes.OCI_MANIFEST);
        }
    }

    @Test
    void indexComesBackAsAnIndex() {
        Image a = registry.pushImage(repo, null);
        Image b = registry.pushImage(repo, null);
        byte[] index =
                Manifests.ociIndex(List.of(a.descriptor(), b.descriptor())).build();
        String digest = registry.pushManifest(repo, "multi", MediaTypes.OCI_INDEX, index);

        Response get = registry.get("/v2/" + repo + "/manifests/multi", "Accept", ACCEPT_ALL);

        status(get, 200);
        body(get, index);
        header(get, "Docker-Content-Digest", digest);
        assertContentType(get, MediaTypes.OCI_INDEX);
    }

    @Test
    void dockerSchema2ManifestIsServedWithItsOwnTypeWhenAccepted() {
        byte[] config = Data.config("linux", "amd64");
        byte[] layer = Data.random(700);
        Descriptor c = new Descriptor(MediaTypes.DOCKER_CONFIG, registry.pushBlob(repo, config), config.length);
        Descriptor l = new Descriptor(MediaTypes.DOCKER_LAYER, registry.pushBlob(repo, layer), layer.length);
        byte[] manifest = Manifests.dockerManifest(c, List.of(l)).build();
        String digest = registry.pushManifest(repo, "docker", MediaTypes.DOCKER_MANIFEST, manifest);

        Response only = registry.get("/v2/" + repo + "/manifests/docker", "Accept", MediaTypes.DOCKER_MANIFEST);
        status(only, 200);
        assertContentType(only, MediaTypes.DOCKER_MANIFEST);
        body(only, manifest);
        header(only, "Docker-Content-Digest", digest);

        Response listed = registry.get(
                "/v2/" + repo + "/manifests/docker",
                "Accept",
                MediaTypes.OCI_MANIFEST + ", " + MediaTypes.DOCKER_MANIFEST + ";q=0.9",
                "Accept",
                MediaTypes.OCI_INDEX);
        status(listed, 200);
        assertContentType(listed, MediaTypes.DOCKER_MANIFEST);
        body(listed, manifest);

        Response byDigest = registry.get("/v2/" + repo + "/manifests/" + digest, "Accept", ACCEPT_ALL);
        status(byDigest, 200);
        assertContentType(byDigest, MediaTypes.DOCKER_MANIFEST);
        body(byDigest, manifest);
    }

    @Test
    void unknownTagIsNotFound() {
        registry.pushImage(repo, "latest");

        error(registry.get("/v2/" + repo + "/manifests/nope", "Accept", ACCEPT_ALL), 404, "MANIFEST_UNKNOWN");
        status(registry.head("/v2/" + repo + "/manifests/nope", "Accept", ACCEPT_ALL), 404);
    }

    @Test
    void unknownDigestIsNotFound() {
        registry.pushImage(repo, "latest");
        String unknown = Digests.sha256(Data.random(100));

        error(registry.get("/v2/" + repo + "/manifests/" + unknown, "Accept", ACCEPT_ALL), 404, "MANIFEST_UNKNOWN");
        status(registry.head("/v2/" + repo + "/manifests/" + unknown, "Accept", ACCEPT_ALL), 404);
    }

    @Test
    void manifestOfAnotherRepositoryIsNotServed() {
        Image image = registry.pushImage(repo, "latest");
        String other = Repos.unique("other");
        registry.pushImage(other, "latest");

        error(
                registry.get("/v2/" + other + "/manifests/" + image.digest(), "Accept", ACCEPT_ALL),
                404,
                "MANIFEST_UNKNOWN");
    }

    static void assertContentType(Response r, String mediaType) {
        String contentType = r.header("Content-Type").orElse("");
        String withoutParameters = contentType.split(";", 2)[0].trim();
        if (!withoutParameters.equals(mediaType)) {
            throw new AssertionError("expected Content-Type " + mediaType + " but got "
                    + (contentType.isEmpty() ? "none" : contentType) + " in\n" + r);
        }
    }
}
