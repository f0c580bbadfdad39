package dev.berth.conformance;

import static dev.berth.conformance.Check.header;
import static dev.berth.conformance.Check.status;

import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /v2/ and the API version header that clients use to recognise a registry. */
class BaseRouteTest extends RegistryTest {

    private static final String API_VERSION = "Docker-Distribution-Api-Version";

    @Test
    void baseRouteAnswers200WithTheApiVersion() {
        Response base = registry.get("/v2/");

        status(base, 200);
        header(base, API_VERSION, "registry/2.0");
    }

    @Test
    void headOfTheBaseRouteAnswers200() {
        status(registry.head("/v2/"), 200);
    }

    @Test
    void successfulResponsesCarryTheApiVersion() {
        Image image = registry.pushImage(repo, "latest");
        Response upload = registry.startUpload(repo);

        for (Response r : List.of(
                upload,
                registry.get(upload.requireHeader("Location")),
                registry.get("/v2/" + repo + "/blobs/" + image.config().digest()),
                registry.get("/v2/" + repo + "/manifests/latest", "Accept", MediaTypes.OCI_MANIFEST),
                registry.get("/v2/" + repo + "/tags/list"),
                registry.putManifest(repo, "again", MediaTypes.OCI_MANIFEST, image.manifest()))) {
            header(r, API_VERSION, "registry/2.0");
        }
    }

    @Test
    void errorResponsesCarryTheApiVersion() {
        registry.pushImage(repo, "latest");
        String unknown = Digests.sha256(Data.random(10));

        for (Response r : List.of(
                registry.get("/v2/" + repo + "/blobs/" + unknown),
                registry.get("/v2/" + repo + "/manifests/unknown-tag"),
                registry.get("/v2/" + Repos.unique("never-pushed") + "/tags/list"),
                registry.get("/v2/Invalid/Name/tags/list"),
                registry.putManifest(repo, "broken", MediaTypes.OCI_MANIFEST, new byte[] {'{'}))) {
            if (r.status() < 400) {
                throw new AssertionError("expected an error status in\n" + r);
            }
            header(r, API_VERSION, "registry/2.0");
        }
    }
}
