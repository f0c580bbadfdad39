package dev.berth.conformance;

import static dev.berth.conformance.Check.body;
import static dev.berth.conformance.Check.error;
import static dev.berth.conformance.Check.header;
import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blob reads: GET, HEAD, ranges, and what an unknown blob looks like. */
class BlobPullTest extends RegistryTest {

    private byte[] content;
    private String digest;

    @BeforeEach
    void pushBlob() {
        content = Data.random(10_000);
        digest = registry.pushBlob(repo, content);
    }

    @Test
    void getReturnsTheBytesWithDigestLengthAndEtag() {
        Response get = registry.get("/v2/" + repo + "/blobs/" + digest);

        status(get, 200);
        body(get, content);
        header(get, "Docker-Content-Digest", digest);
        header(get, "Content-Length", String.valueOf(content.length));
        get.requireHeader("ETag");
    }

    @Test
    void headReturnsHeadersWithoutBody() {
        Response head = registry.head("/v2/" + repo + "/blobs/" + digest);

        status(head, 200);
        assertThat(head.body()).as("HEAD body in\n%s", head).isEmpty();
        header(head, "Docker-Content-Digest", digest);
        header(head, "Content-Length", String.valueOf(content.length));
        head.requireHeader("ETag");
    }

    @Test
    void rangeRequestReturnsPartialContent() {
        Response part = registry.get("/v2/" + repo + "/blobs/" + digest, "Range", "bytes=100-1099");

        status(part, 206);
        body(part, Arrays.copyOfRange(content, 100, 1100));
        header(part, "Content-Range", "bytes 100-1099/" + content.length);
        header(part, "Content-Length", "1000");
    }

    @Test
    void openEndedRangeReturnsTheRest() {
        Response part = registry.get("/v2/" + repo + "/blobs/" + digest, "Range", "bytes=9000-");

        status(part, 206);
        body(part, Arrays.copyOfRange(content, 9000, content.length));
        header(part, "Content-Range", "bytes 9000-" + (content.length - 1) + "/" + content.length);
    }

    @Test
    void unsatisfiableRangeIsRefusedWith416() {
        Response part = registry.get(
                "/v2/" + repo + "/blobs/" + digest,
                "Range",
                "bytes=" + (content.length + 100) + "-" + (content.length + 200));

        status(part, 416);
    }

    @Test
    void rangeEndingBeforeItStartsIsRefusedWith416() {
        Response part = registry.get("/v2/" + repo + "/blobs/" + digest, "Range", "bytes=500-0");

        status(part, 416);
        header(part, "Content-Range", "bytes */" + content.length);
    }

    @Test
    void unknownBlobIsNotFound() {
        String unknown = Digests.sha256(Data.random(64));

        error(registry.get("/v2/" + repo + "/blobs/" + unknown), 404, "BLOB_UNKNOWN");
        status(registry.head("/v2/" + repo + "/blobs/" + unknown), 404);
    }

    @Test
    void blobOfAnotherRepositoryIsNotServed() {
        String other = Repos.unique("other");
        registry.pushBlob(other, Data.random(10));

        error(registry.get("/v2/" + other + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
        status(registry.head("/v2/" + other + "/blobs/" + digest), 404);
    }
}
