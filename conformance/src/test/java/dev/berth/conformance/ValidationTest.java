package dev.berth.conformance;

import static dev.berth.conformance.Check.error;
import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Input the registry must refuse: bad names, tags, digests, upload ids and methods. */
class ValidationTest extends RegistryTest {

    /** Raw name parts as they appear between {@code /v2/} and the route's own path. */
    static Stream<String> invalidNames() {
        return Stream.of(
                "Conformance/Upper",
                "conformance/../etc",
                "..",
                "/etc",
                "conformance/%2e%2e/etc",
                "conformance/%2E%2E",
                "conformance/" + "a".repeat(300),
                "conformance//x",
                "conformance/x/",
                "conformance/-x",
                "_conformance/x",
                "conformance/_manifests");
    }

    static Stream<Arguments> invalidNamesOnEveryRoute() {
        return invalidNames()
                .flatMap(name -> Stream.of(
                        Arguments.of(name, "POST", "/blobs/uploads/"),
                        Arguments.of(name, "PUT", "/manifests/latest"),
                        Arguments.of(name, "GET", "/manifests/latest"),
                        Arguments.of(name, "GET", "/blobs/" + Digests.sha256(new byte[0])),
                        Arguments.of(name, "GET", "/tags/list"),
                        Arguments.of(name, "GET", "/referrers/" + Digests.sha256(new byte[0]))));
    }

    @ParameterizedTest(name = "{1} /v2/{0}{2}")
    @MethodSource("invalidNamesOnEveryRoute")
    void invalidRepositoryNameIsRefused(String name, String method, String route) {
        Response r = send(method, "/v2/" + name + route);

        error(r, 400, "NAME_INVALID");
    }

    @Test
    void invalidRepositoryNamesLeaveStorageUntouched() {
        assumeTrue(
                registry.localStorage().isPresent(),
                "storage can be inspected only when the suite starts the registry itself");
        StorageView storage = registry.localStorage().orElseThrow();
        List<String> names = invalidNames().toList();
        // Something to sit beside: the attempts must not touch what exists either.
        registry.pushImage(repo, "latest");
        Map<String, Long> before = storage.snapshot();
        // Proves the view looks where the server writes; an empty view would make the check below vacuous.
        assertThat(before.keySet())
                .as("what %s holds after pushing to %s", storage, repo)
                .anyMatch(name -> name.contains(repo));

        for (String name : names) {
            for (String route : List.of("/blobs/uploads/", "/manifests/latest", "/tags/list")) {
                send(route.equals("/blobs/uploads/") ? "POST" : "PUT", "/v2/" + name + route);
                send("GET", "/v2/" + name + route);
                send("DELETE", "/v2/" + name + route);
            }
            send("POST", "/v2/" + name + "/blobs/uploads/?digest=" + Digests.sha256(new byte[] {1}));
            send("POST", "/v2/" + name + "/blobs/uploads/?mount=" + Digests.sha256(new byte[] {1}) + "&from=" + repo);
        }

        assertThat(storage.snapshot()).as("everything in %s", storage).isEqualTo(before);
    }

    static Stream<String> invalidTags() {
        return Stream.of("-bad", ".bad", "bad+tag", "a".repeat(129));
    }

    @ParameterizedTest
    @MethodSource("invalidTags")
    void invalidTagOnManifestPutIsRefused(String tag) {
        Image image = registry.pushImage(repo, null);

        Response put = registry.putManifest(repo, tag, MediaTypes.OCI_MANIFEST, image.manifest());

        error(put, 400, "MANIFEST_INVALID");
    }

    @Test
    void tagOfExactly128CharactersIsAccepted() {
        Image image = registry.pushImage(repo, null);
        String tag = "t".repeat(128);

        Check.created(registry.putManifest(repo, tag, MediaTypes.OCI_MANIFEST, image.manifest()));
    }

    static Stream<String> invalidDigests() {
        return Stream.of(
                "sha256:xyz",
                "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
                "sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
                "sha256:",
                "md5:d41d8cd98f00b204e9800998ecf8427e",
                "nonsense");
    }

    @ParameterizedTest
    @MethodSource("invalidDigests")
    void invalidDigestInBlobUrlIsRefused(String digest) {
        registry.pushBlob(repo, Data.random(10));

        error(registry.get("/v2/" + repo + "/blobs/" + digest), 400, "DIGEST_INVALID");
        status(registry.head("/v2/" + repo + "/blobs/" + digest), 400);
        error(registry.delete("/v2/" + repo + "/blobs/" + digest), 400, "DIGEST_INVALID");
    }

    @ParameterizedTest
    @MethodSource("invalidDigests")
    void invalidDigestInMountIsNotAMount(String digest) {
        String source = Repos.unique("mount-source");
        registry.pushBlob(source, Data.random(10));

        Response r = registry.request("POST", "/v2/" + repo + "/blobs/uploads/?mount=" + digest + "&from=" + source)
                .body(new byte[0])
                .send();

        // The spec lets a registry fall back to an upload session or refuse the digest; never a 201 or a 5xx.
        if (r.status() != 202) {
            error(r, 400, "DIGEST_INVALID");
        }
    }

    @Test
    void mountFromAnInvalidNameNeverMounts() {
        String source = Repos.unique("mount-source");
        String digest = registry.pushBlob(source, Data.random(100));
        registry.pushBlob(repo, Data.random(10));

        for (String from : List.of(
                "conformance/x/../../" + source, source.toUpperCase(), "/" + source, source + "/", source + "/..")) {
            Response r = registry.request("POST", "/v2/" + repo + "/blobs/uploads/?mount=" + digest + "&from=" + from)
                    .body(new byte[0])
                    .send();
            // Falling back to an upload session is what the spec asks for; refusing the name is fine too.
            if (r.status() != 202) {
                error(r, 400, "NAME_INVALID");
            }
            status(registry.head("/v2/" + repo + "/blobs/" + digest), 404);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {".INVALID_MANIFEST_NAME", "sha256:xyz", "sha256:0123", "sha256:", "-dash", "a+b"})
    void referenceThatIsNeitherTagNorDigestIsUnknownToGetAndHead(String reference) {
        registry.pushImage(repo, "latest");

        error(registry.get("/v2/" + repo + "/manifests/" + reference), 404, "MANIFEST_UNKNOWN");
        status(registry.head("/v2/" + repo + "/manifests/" + reference), 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:xyz", "sha256:0123", "sha256:"})
    void invalidDigestAsManifestReferenceOfAPushIsRefused(String digest) {
        Image image = registry.pushImage(repo, null);

        error(registry.putManifest(repo, digest, MediaTypes.OCI_MANIFEST, image.manifest()), 400, "DIGEST_INVALID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-upload", "%2e%2e", "..", "00000000-0000-0000-0000-000000000000"})
    void unknownOrMalformedUploadIdIsUnknown(String id) {
        registry.pushBlob(repo, Data.random(10));
        String location = "/v2/" + repo + "/blobs/uploads/" + id;

        error(registry.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        error(
                registry.request("PATCH", location)
                        .header("Content-Type", "application/octet-stream")
                        .body(Data.random(10))
                        .send(),
                404,
                "BLOB_UPLOAD_UNKNOWN");
        error(
                registry.request("PUT", location + "?digest=" + Digests.sha256(new byte[0]))
                        .body(new byte[0])
                        .send(),
                404,
                "BLOB_UPLOAD_UNKNOWN");
        error(registry.delete(location), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void uploadIdOfAnotherRepositoryIsUnknown() {
        String other = Repos.unique("other");
        Response post = registry.startUpload(other);
        String location = registry.resolve(post.requireHeader("Location")).getRawPath();
        String id = location.substring(location.lastIndexOf('/') + 1);
        registry.pushBlob(repo, Data.random(10));

        error(registry.get("/v2/" + repo + "/blobs/uploads/" + id), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    static Stream<Arguments> unsupportedMethods() {
        String digest = Digests.sha256(UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of("PATCH", "/manifests/latest"),
                Arguments.of("POST", "/manifests/latest"),
                Arguments.of("POST", "/tags/list"),
                Arguments.of("DELETE", "/tags/list"),
                Arguments.of("PUT", "/blobs/" + digest),
                Arguments.of("PATCH", "/blobs/" + digest),
                Arguments.of("DELETE", "/referrers/" + digest),
                Arguments.of("PUT", "/blobs/uploads/"));
    }

    @ParameterizedTest(name = "{0} /v2/<repo>{1}")
    @MethodSource("unsupportedMethods")
    void unsupportedMethodOnAKnownRouteIs405(String method, String route) {
        registry.pushImage(repo, "latest");

        error(send(method, "/v2/" + repo + route), 405, "UNSUPPORTED");
    }

    @Test
    void unsupportedMethodOnTheBaseRouteIs405() {
        error(send("DELETE", "/v2/"), 405, "UNSUPPORTED");
    }

    private Response send(String method, String path) {
        RegistryClient.Request request = registry.request(method, path);
        if (method.equals("PUT") || method.equals("POST") || method.equals("PATCH")) {
            request.header(
                    "Content-Type",
                    method.equals("PUT") && path.contains("/manifests/")
                            ? MediaTypes.OCI_MANIFEST
                            : "application/octet-stream");
            request.body(method.equals("PUT") && path.contains("/manifests/") ? minimalManifest() : new byte[0]);
        }
        return request.send();
    }

    private static byte[] minimalManifest() {
        return Manifests.ociManifest(
                        new Descriptor(
                                MediaTypes.OCI_EMPTY,
                                "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                                2),
                        List.of())
                .build();
    }
}
