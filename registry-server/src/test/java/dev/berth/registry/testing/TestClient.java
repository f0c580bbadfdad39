package dev.berth.registry.testing;

import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.MediaTypes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Plain HTTP requests to a server on a loopback port, with an optional {@code Authorization} header. */
public final class TestClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI root;
    private final String authorization;

    private TestClient(URI root, String authorization) {
        this.root = root;
        this.authorization = authorization;
    }

    public static TestClient on(int port) {
        return new TestClient(URI.create("http://127.0.0.1:" + port), null);
    }

    /** The same server, sending this {@code Authorization} header (null: none). */
    public TestClient as(String authorizationHeader) {
        return new TestClient(root, authorizationHeader);
    }

    /** Sends {@code body} (null: none) and returns the answer as text. */
    public HttpResponse<String> send(String method, String path, byte[] body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(root.resolve(path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public int status(String method, String path) throws IOException, InterruptedException {
        return send(method, path, null, null).statusCode();
    }

    /**
     * Pushes a small image: a layer and a config (each in one POST) and an OCI manifest tagged
     * {@code tag}. Returns the manifest; fails unless every step succeeded.
     */
    public byte[] pushImage(String repository, String tag) throws IOException, InterruptedException {
        byte[] layer = "layer".getBytes(StandardCharsets.UTF_8);
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        for (byte[] blob : new byte[][] {layer, config}) {
            expect(201, send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + sha256(blob), blob, null));
        }
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                        + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + sha256(config)
                        + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                        + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + sha256(layer) + "\",\"size\":"
                        + layer.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        expect(201, send("PUT", "/v2/" + repository + "/manifests/" + tag, manifest, MediaTypes.OCI_MANIFEST));
        return manifest;
    }

    public static Digest sha256(byte[] bytes) {
        return Digest.of(DigestAlgorithm.SHA256, bytes);
    }

    private static void expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new AssertionError(r.request().method() + " " + r.uri() + ": expected " + status + ", got "
                    + r.statusCode() + " " + r.body());
        }
    }
}
