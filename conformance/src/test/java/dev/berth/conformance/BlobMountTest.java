package dev.berth.conformance;

import static dev.berth.conformance.Check.body;
import static dev.berth.conformance.Check.created;
import static dev.berth.conformance.Check.header;
import static dev.berth.conformance.Check.status;

import org.junit.jupiter.api.Test;

/** Cross-repository blob mounts: POST /v2/name/blobs/uploads/?mount=digest&from=other. */
class BlobMountTest extends RegistryTest {

    @Test
    void mountFromARepositoryThatHasTheBlob() {
        String source = Repos.unique("mount-source");
        byte[] content = Data.random(3000);
        String digest = registry.pushBlob(source, content);

        Response mount = registry.request("POST", mountPath(repo, digest, source))
                .body(new byte[0])
                .send();

        created(mount);
        header(mount, "Docker-Content-Digest", digest);
        body(status(registry.get(mount.requireHeader("Location")), 200), content);
        body(status(registry.get("/v2/" + repo + "/blobs/" + digest), 200), content);
        // The source keeps its blob.
        status(registry.head("/v2/" + source + "/blobs/" + digest), 200);
    }

    @Test
    void mountOfABlobNobodyHasOpensAnUploadSession() {
        String source = Repos.unique("mount-source");
        registry.pushBlob(source, Data.random(100));
        byte[] content = Data.random(3000);
        String digest = Digests.sha256(content);

        Response mount = registry.request("POST", mountPath(repo, digest, source))
                .body(new byte[0])
                .send();

        status(mount, 202);
        // The session is an ordinary one: the client can upload the blob through it.
        Response put = registry.request("PUT", Urls.withQuery(mount.requireHeader("Location"), "digest", digest))
                .header("Content-Type", "application/octet-stream")
                .body(content)
                .send();
        created(put);
        body(status(registry.get("/v2/" + repo + "/blobs/" + digest), 200), content);
    }

    @Test
    void mountFromARepositoryWithoutTheBlobOpensAnUploadSession() {
        String source = Repos.unique("mount-source");
        registry.pushBlob(source, Data.random(100));
        String elsewhere = Repos.unique("mount-elsewhere");
        String digest = registry.pushBlob(elsewhere, Data.random(3000));

        Response mount = registry.request("POST", mountPath(repo, digest, source))
                .body(new byte[0])
                .send();

        status(mount, 202);
        mount.requireHeader("Location");
        status(registry.head("/v2/" + repo + "/blobs/" + digest), 404);
    }

    @Test
    void mountWithoutFromFindsTheBlobInAnyRepository() {
        String source = Repos.unique("mount-source");
        byte[] content = Data.random(3000);
        String digest = registry.pushBlob(source, content);

        Response mount = registry.request("POST", "/v2/" + repo + "/blobs/uploads/?mount=" + digest)
                .body(new byte[0])
                .send();

        created(mount);
        header(mount, "Docker-Content-Digest", digest);
        body(status(registry.get("/v2/" + repo + "/blobs/" + digest), 200), content);
    }

    static String mountPath(String target, String digest, String source) {
        return "/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + source;
    }
}
