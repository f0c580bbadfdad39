package dev.berth.conformance;

import static dev.berth.conformance.Check.body;
import static dev.berth.conformance.Check.created;
import static dev.berth.conformance.Check.error;
import static dev.berth.conformance.Check.header;
import static dev.berth.conformance.Check.status;
import static dev.berth.conformance.Check.uploadedBytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Blob uploads: sessions, monolithic and chunked pushes, status, cancel and digest checks. */
class BlobUploadTest extends RegistryTest {

    @Test
    void postOpensASessionWithLocationRangeUuidAndMinimumChunkLength() {
        Response post = registry.startUpload(repo);

        post.requireHeader("Location");
        assertThat(post.requireHeader("Range"))
                .as("Range of a new session in\n%s", post)
                .matches("(bytes=)?0-\\d+");
        post.requireHeader("Docker-Upload-UUID");
        assertThat(post.requireHeader("OCI-Chunk-Min-Length").trim())
                .as("OCI-Chunk-Min-Length in\n%s", post)
                .matches("\\d+");

        Response statusCheck = registry.get(post.requireHeader("Location"));
        status(statusCheck, 204);
        statusCheck.requireHeader("Location");
    }

    @Test
    void monolithicPostThenPutCreatesTheBlob() {
        byte[] content = Data.random(4096);
        String digest = Digests.sha256(content);
        Response post = registry.startUpload(repo);

        Response put = registry.request("PUT", Urls.withQuery(post.requireHeader("Location"), "digest", digest))
                .header("Content-Type", "application/octet-stream")
                .body(content)
                .send();

        created(put);
        header(put, "Docker-Content-Digest", digest);
        Response get = registry.get(put.requireHeader("Location"));
        status(get, 200);
        body(get, content);
    }

    @Test
    void singlePostWithDigestCreatesTheBlob() {
        byte[] content = Data.random(3000);
        String digest = Digests.sha256(content);

        Response post = registry.request("POST", Urls.withQuery("/v2/" + repo + "/blobs/uploads/", "digest", digest))
                .header("Content-Type", "application/octet-stream")
                .body(content)
                .send();

        created(post);
        header(post, "Docker-Content-Digest", digest);
        body(status(registry.get(post.requireHeader("Location")), 200), content);
        body(status(registry.get("/v2/" + repo + "/blobs/" + digest), 200), content);
    }

    @Test
    void chunksInOrderThenEmptyPutCreateTheBlob() {
        Response post = registry.startUpload(repo);
        byte[] content = Data.random(RegistryClient.sizeForChunks(post, 2));
        int chunk = RegistryClient.chunkSize(post, content.length);
        String location = post.requireHeader("Location");

        for (int start = 0; start < content.length; start += chunk) {
            int end = Math.min(start + chunk, content.length);
            Response patch = patch(location, content, start, end);
            status(patch, 202);
            uploadedBytes(patch, end);
            location = patch.requireHeader("Location");
        }
        String digest = Digests.sha256(content);
        Response put = registry.request("PUT", Urls.withQuery(location, "digest", digest))
                .body(new byte[0])
                .send();

        created(put);
        header(put, "Docker-Content-Digest", digest);
        body(status(registry.get("/v2/" + repo + "/blobs/" + digest), 200), content);
    }

    @Test
    void finalChunkMayTravelInThePut() {
        Response post = registry.startUpload(repo);
        byte[] content = Data.random(RegistryClient.sizeForChunks(post, 1));
        int chunk = RegistryClient.chunkSize(post, 0);
        Response patch = status(patch(post.requireHeader("Location"), content, 0, chunk), 202);
        uploadedBytes(patch, chunk);
        String digest = Digests.sha256(content);

        Response put = registry.request("PUT", Urls.withQuery(patch.requireHeader("Location"), "digest", digest))
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", chunk + "-" + (content.length - 1))
                .body(Arrays.copyOfRange(content, chunk, content.length))
                .send();

        created(put);
        header(put, "Docker-Content-Digest", digest);
        body(status(registry.get("/v2/" + repo + "/blobs/" + digest), 200), content);
    }

    @Test
    void outOfOrderChunkIsRefusedWith416AndTheCurrentRange() {
        Response post = registry.startUpload(repo);
        byte[] content = Data.random(RegistryClient.sizeForChunks(post, 2));
        int chunk = RegistryClient.chunkSize(post, 0);
        Response first = status(patch(post.requireHeader("Location"), content, 0, chunk), 202);
        String location = first.requireHeader("Location");

        Response skipAhead = patch(location, content, chunk + 10, 2 * chunk + 10);
        status(skipAhead, 416);
        uploadedBytes(skipAhead, chunk);

        Response replay = patch(location, content, 0, chunk);
        status(replay, 416);
        uploadedBytes(replay, chunk);

        Response progress = status(registry.get(location), 204);
        uploadedBytes(progress, chunk);

        // The refused chunks changed nothing: the upload resumes where it was and completes intact.
        location = progress.requireHeader("Location");
        Response rest = status(patch(location, content, chunk, content.length), 202);
        uploadedBytes(rest, content.length);
        String digest = Digests.sha256(content);
        created(registry.request("PUT", Urls.withQuery(rest.requireHeader("Location"), "digest", digest))
                .body(new byte[0])
                .send());
        body(status(registry.get("/v2/" + repo + "/blobs/" + digest), 200), content);
    }

    @Test
    void firstChunkMustStartAtZero() {
        Response post = registry.startUpload(repo);
        byte[] content = Data.random(RegistryClient.sizeForChunks(post, 2));
        int chunk = RegistryClient.chunkSize(post, 0);

        status(patch(post.requireHeader("Location"), content, 5, 5 + chunk), 416);
    }

    @Test
    void streamedPatchesWithoutContentRangeAppend() {
        byte[] first = Data.random(70_000);
        byte[] second = Data.random(33_333);
        byte[] content = concat(first, second);
        Response post = registry.startUpload(repo);

        Response patch1 = registry.request("PATCH", post.requireHeader("Location"))
                .header("Content-Type", "application/octet-stream")
                .streamedBody(first)
                .send();
        status(patch1, 202);
        uploadedBytes(patch1, first.length);
        Response patch2 = registry.request("PATCH", patch1.requireHeader("Location"))
                .header("Content-Type", "application/octet-stream")
                .streamedBody(second)
                .send();
        status(patch2, 202);
        uploadedBytes(patch2, content.length);

        String digest = Digests.sha256(content);
        Response put = registry.request("PUT", Urls.withQuery(patch2.requireHeader("Location"), "digest", digest))
                .body(new byte[0])
                .send();
        created(put);
        header(put, "Docker-Content-Digest", digest);
        body(status(registry.get("/v2/" + repo + "/blobs/" + digest), 200), content);
    }

    @Test
    void getOnTheSessionReportsProgress() {
        byte[] content = Data.random(5000);
        Response post = registry.startUpload(repo);
        Response patch = status(
                registry.request("PATCH", post.requireHeader("Location"))
                        .header("Content-Type", "application/octet-stream")
                        .body(content)
                        .send(),
                202);

        Response progress = registry.get(patch.requireHeader("Location"));

        status(progress, 204);
        uploadedBytes(progress, content.length);
        progress.requireHeader("Location");
        assertThat(progress.body()).as("204 body in\n%s", progress).isEmpty();
    }

    @Test
    void deletedSessionIsGone() {
        Response post = registry.startUpload(repo);
        String location = status(
                        registry.request("PATCH", post.requireHeader("Location"))
                                .header("Content-Type", "application/octet-stream")
                                .body(Data.random(100))
                                .send(),
                        202)
                .requireHeader("Location");

        status(registry.delete(location), 204);

        error(registry.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        error(
                registry.request("PATCH", location)
                        .header("Content-Type", "application/octet-stream")
                        .body(Data.random(100))
                        .send(),
                404,
                "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void completedSessionIsGone() {
        byte[] content = Data.random(100);
        Response post = registry.startUpload(repo);
        String location = post.requireHeader("Location");
        created(registry.request("PUT", Urls.withQuery(location, "digest", Digests.sha256(content)))
                .body(content)
                .send());

        error(registry.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void putWithContentOfAnotherDigestIsRefused() {
        byte[] content = Data.random(2048);
        String claimed = Digests.sha256(Data.random(2048));
        Response post = registry.startUpload(repo);

        Response put = registry.request("PUT", Urls.withQuery(post.requireHeader("Location"), "digest", claimed))
                .header("Content-Type", "application/octet-stream")
                .body(content)
                .send();

        error(put, 400, "DIGEST_INVALID");
        status(registry.head("/v2/" + repo + "/blobs/" + claimed), 404);
        status(registry.head("/v2/" + repo + "/blobs/" + Digests.sha256(content)), 404);
    }

    @Test
    void singlePostWithContentOfAnotherDigestIsRefused() {
        byte[] content = Data.random(2048);
        String claimed = Digests.sha256(Data.random(2048));

        Response post = registry.request("POST", Urls.withQuery("/v2/" + repo + "/blobs/uploads/", "digest", claimed))
                .header("Content-Type", "application/octet-stream")
                .body(content)
                .send();

        error(post, 400, "DIGEST_INVALID");
        status(registry.head("/v2/" + repo + "/blobs/" + claimed), 404);
    }

    @Test
    void putWithoutDigestIsRefused() {
        Response post = registry.startUpload(repo);

        Response put = registry.request("PUT", post.requireHeader("Location"))
                .header("Content-Type", "application/octet-stream")
                .body(Data.random(100))
                .send();

        error(put, 400, "DIGEST_INVALID");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sha256:xyz",
                "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
                "sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
                "sha256",
                "nonsense",
                "md5:d41d8cd98f00b204e9800998ecf8427e"
            })
    void putWithMalformedOrUnsupportedDigestIsRefused(String digest) {
        Response post = registry.startUpload(repo);

        Response put = registry.request("PUT", Urls.withQuery(post.requireHeader("Location"), "digest", digest))
                .header("Content-Type", "application/octet-stream")
                .body(Data.random(100))
                .send();

        error(put, 400, "DIGEST_INVALID");
    }

    @Test
    void everySessionHasItsOwnLocation() {
        String a = registry.startUpload(repo).requireHeader("Location");
        String b = registry.startUpload(repo).requireHeader("Location");

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void unknownSessionIsNotFound() {
        String location = "/v2/" + repo + "/blobs/uploads/" + UUID.randomUUID();
        registry.pushBlob(repo, Data.random(10));

        error(registry.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    private Response patch(String location, byte[] content, int start, int end) {
        return registry.request("PATCH", location)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", start + "-" + (end - 1))
                .body(Arrays.copyOfRange(content, start, end))
                .send();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
