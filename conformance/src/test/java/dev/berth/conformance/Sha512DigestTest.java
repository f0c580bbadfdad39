package dev.berth.conformance;

import static dev.berth.conformance.Check.body;
import static dev.berth.conformance.Check.created;
import static dev.berth.conformance.Check.error;
import static dev.berth.conformance.Check.header;
import static dev.berth.conformance.Check.status;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Content addressed by sha512: the image spec registers it, and blobs and manifests may use it. */
class Sha512DigestTest extends RegistryTest {

    @Test
    void monolithicUploadWithSha512Digest() {
        byte[] content = Data.random(4000);
        String digest = Digests.sha512(content);

        Response put = registry.pushBlob(repo, content, digest);

        header(put, "Docker-Content-Digest", digest);
        Response get = status(registry.get("/v2/" + repo + "/blobs/" + digest), 200);
        body(get, content);
        header(get, "Docker-Content-Digest", digest);
        Response head = status(registry.head("/v2/" + repo + "/blobs/" + digest), 200);
        header(head, "Docker-Content-Digest", digest);
        header(head, "Content-Length", String.valueOf(content.length));
    }

    @Test
    void singlePostWithSha512Digest() {
        byte[] content = Data.random(4000);
        String digest = Digests.sha512(content);

        Response post = registry.request("POST", Urls.withQuery("/v2/" + repo + "/blobs/uploads/", "digest", digest))
                .header("Content-Type", "application/octet-stream")
                .body(content)
                .send();

        created(post);
        header(post, "Docker-Content-Digest", digest);
        body(status(registry.get("/v2/" + repo + "/blobs/" + digest), 200), content);
    }

    @Test
    void chunkedUploadAnnouncedWithDigestAlgorithm() {
        byte[] content = Data.random(12_345);
        String digest = Digests.sha512(content);

        Response put = registry.pushBlobChunked(repo, content, digest, "?digest-algorithm=sha512");

        created(put);
        header(put, "Docker-Content-Digest", digest);
        body(status(registry.get("/v2/" + repo + "/blobs/" + digest), 200), content);
    }

    @Test
    void chunkedUploadClosedWithSha512DigestWithoutAnnouncement() {
        byte[] content = Data.random(12_345);
        String digest = Digests.sha512(content);

        Response put = registry.pushBlobChunked(repo, content, digest, "");

        created(put);
        header(put, "Docker-Content-Digest", digest);
        body(status(registry.get("/v2/" + repo + "/blobs/" + digest), 200), content);
    }

    @Test
    void sha512MismatchIsRefused() {
        byte[] content = Data.random(1000);
        String claimed = Digests.sha512(Data.random(1000));
        Response post = registry.startUpload(repo);

        Response put = registry.request("PUT", Urls.withQuery(post.requireHeader("Location"), "digest", claimed))
                .header("Content-Type", "application/octet-stream")
                .body(content)
                .send();

        error(put, 400, "DIGEST_INVALID");
        status(registry.head("/v2/" + repo + "/blobs/" + claimed), 404);
    }

    @Test
    void manifestReferencingSha512BlobsPushedByTag() {
        byte[] config = Data.config("linux", "amd64");
        byte[] layer = Data.random(2000);
        Descriptor configDesc = new Descriptor(MediaTypes.OCI_CONFIG, Digests.sha512(config), config.length);
        Descriptor layerDesc = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digests.sha512(layer), layer.length);
        registry.pushBlob(repo, config, configDesc.digest());
        registry.pushBlob(repo, layer, layerDesc.digest());
        byte[] manifest = Manifests.ociManifest(configDesc, List.of(layerDesc)).build();

        created(registry.putManifest(repo, "sha512-layers", MediaTypes.OCI_MANIFEST, manifest));

        body(
                status(
                        registry.get("/v2/" + repo + "/manifests/sha512-layers", "Accept", MediaTypes.OCI_MANIFEST),
                        200),
                manifest);
    }

    @Test
    void manifestPushedBySha512Digest() {
        Image image = registry.pushImage(repo, null);
        byte[] manifest = Manifests.ociManifest(image.config(), image.layers())
                .annotation("dev.berth.conformance", Data.token(12))
                .build();
        String digest = Digests.sha512(manifest);

        Response put = registry.putManifest(repo, digest, MediaTypes.OCI_MANIFEST, manifest);

        created(put);
        header(put, "Docker-Content-Digest", digest);
        Response get =
                status(registry.get("/v2/" + repo + "/manifests/" + digest, "Accept", MediaTypes.OCI_MANIFEST), 200);
        body(get, manifest);
        header(get, "Docker-Content-Digest", digest);
    }
}
