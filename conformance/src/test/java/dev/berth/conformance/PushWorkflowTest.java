package dev.berth.conformance;

import static dev.berth.conformance.Check.body;
import static dev.berth.conformance.Check.created;
import static dev.berth.conformance.Check.header;
import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The spec's Push category as clients walk it: check which blobs are missing, upload them (each
 * upload style once), then push the manifest and see it under its tag.
 */
class PushWorkflowTest extends RegistryTest {

    @Test
    void pushAnImageUploadingEachBlobADifferentWay() {
        byte[] config = Data.config("linux", "amd64");
        byte[] layer1 = Data.random(20_000);
        byte[] layer2 = Data.random(7_000);
        byte[] layer3 = Data.random(3_000);
        for (byte[] blob : List.of(config, layer1, layer2, layer3)) {
            status(registry.head("/v2/" + repo + "/blobs/" + Digests.sha256(blob)), 404);
        }

        registry.pushBlob(repo, config);
        created(registry.pushBlobChunked(repo, layer1, Digests.sha256(layer1), ""));
        Response single = status(
                registry.request(
                                "POST",
                                Urls.withQuery("/v2/" + repo + "/blobs/uploads/", "digest", Digests.sha256(layer2)))
                        .header("Content-Type", "application/octet-stream")
                        .body(layer2)
                        .send(),
                201,
                202);
        if (single.status() == 202) {
            // The spec lets a registry decline a single-request upload; a client then PUTs to the session.
            created(registry.request(
                            "PUT", Urls.withQuery(single.requireHeader("Location"), "digest", Digests.sha256(layer2)))
                    .header("Content-Type", "application/octet-stream")
                    .body(layer2)
                    .send());
        }
        Response post = registry.startUpload(repo);
        Response patch = status(
                registry.request("PATCH", post.requireHeader("Location"))
                        .header("Content-Type", "application/octet-stream")
                        .streamedBody(layer3)
                        .send(),
                202);
        created(registry.request(
                        "PUT", Urls.withQuery(patch.requireHeader("Location"), "digest", Digests.sha256(layer3)))
                .body(new byte[0])
                .send());

        for (byte[] blob : List.of(config, layer1, layer2, layer3)) {
            Response head = status(registry.head("/v2/" + repo + "/blobs/" + Digests.sha256(blob)), 200);
            header(head, "Content-Length", String.valueOf(blob.length));
        }
        List<Descriptor> layers = new ArrayList<>();
        for (byte[] layer : List.of(layer1, layer2, layer3)) {
            layers.add(new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digests.sha256(layer), layer.length));
        }
        byte[] manifest = Manifests.ociManifest(
                        new Descriptor(MediaTypes.OCI_CONFIG, Digests.sha256(config), config.length), layers)
                .build();
        Response put = created(registry.putManifest(repo, "1.0", MediaTypes.OCI_MANIFEST, manifest));
        header(put, "Docker-Content-Digest", Digests.sha256(manifest));

        Response pulled =
                status(registry.get("/v2/" + repo + "/manifests/1.0", "Accept", MediaTypes.OCI_MANIFEST), 200);
        body(pulled, manifest);
        Response tags = status(registry.get("/v2/" + repo + "/tags/list"), 200);
        assertThat(Urls.textArray(tags.json().path("tags")))
                .as("tags in\n%s", tags)
                .containsExactly("1.0");
    }

    @Test
    void pushingABlobThatExistsAgainIsHarmless() {
        byte[] content = Data.random(5000);
        String digest = registry.pushBlob(repo, content);

        Response again = registry.pushBlob(repo, content, digest);

        header(again, "Docker-Content-Digest", digest);
        body(status(registry.get("/v2/" + repo + "/blobs/" + digest), 200), content);
    }

    @Test
    void pushByDigestThenTagIt() {
        Image image = registry.pushImage(repo, null);

        status(registry.get("/v2/" + repo + "/manifests/" + image.digest(), "Accept", MediaTypes.OCI_MANIFEST), 200);
        Response put = created(registry.putManifest(repo, "tagged-later", MediaTypes.OCI_MANIFEST, image.manifest()));
        header(put, "Docker-Content-Digest", image.digest());

        Response byTag =
                status(registry.get("/v2/" + repo + "/manifests/tagged-later", "Accept", MediaTypes.OCI_MANIFEST), 200);
        header(byTag, "Docker-Content-Digest", image.digest());
    }

    @Test
    void oneManifestUnderSeveralTags() {
        Image image = registry.pushImage(repo, "a");
        registry.pushManifest(repo, "b", MediaTypes.OCI_MANIFEST, image.manifest());
        registry.pushManifest(repo, "c", MediaTypes.OCI_MANIFEST, image.manifest());

        for (String tag : List.of("a", "b", "c")) {
            Response get =
                    status(registry.get("/v2/" + repo + "/manifests/" + tag, "Accept", MediaTypes.OCI_MANIFEST), 200);
            header(get, "Docker-Content-Digest", image.digest());
        }
    }

    @Test
    void copyAnImageToAnotherRepositoryByMountingItsBlobs() {
        String source = Repos.unique("copy-source");
        Image image = registry.pushImage(source, "v1");
        List<Descriptor> blobs = new ArrayList<>(image.layers());
        blobs.add(image.config());

        for (Descriptor blob : blobs) {
            Response mount = registry.request("POST", BlobMountTest.mountPath(repo, blob.digest(), source))
                    .body(new byte[0])
                    .send();
            created(mount);
            header(mount, "Docker-Content-Digest", blob.digest());
        }
        created(registry.putManifest(repo, "v1", MediaTypes.OCI_MANIFEST, image.manifest()));

        body(
                status(
                        registry.get("/v2/" + repo + "/blobs/"
                                + image.layers().get(0).digest()),
                        200),
                image.layerBytes().get(0));
    }

    @Test
    void pushAnArtifactWithAnEmptyConfig() {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] payload = "hello, registry".getBytes(StandardCharsets.UTF_8);
        Descriptor config = new Descriptor(MediaTypes.OCI_EMPTY, registry.pushBlob(repo, empty), empty.length);
        Descriptor layer = new Descriptor("text/plain", registry.pushBlob(repo, payload), payload.length);
        byte[] manifest = Manifests.ociManifest(config, List.of(layer))
                .artifactType("application/vnd.example.text.v1")
                .build();

        created(registry.putManifest(repo, "artifact", MediaTypes.OCI_MANIFEST, manifest));

        body(
                status(registry.get("/v2/" + repo + "/manifests/artifact", "Accept", MediaTypes.OCI_MANIFEST), 200),
                manifest);
    }
}
