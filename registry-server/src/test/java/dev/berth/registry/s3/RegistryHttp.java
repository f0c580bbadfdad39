package dev.berth.registry.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The few registry calls these tests make. */
final class RegistryHttp {
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Starts an upload; returns its path ({@code Location}). */
    String start(URI base, String repository) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve("/v2/" + repository + "/blobs/uploads/"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return r.headers().firstValue("Location").orElseThrow();
    }

    /** Sends bytes [from, from + length) as one chunk with {@code Content-Range}. */
    void patch(URI base, String upload, byte[] content, int from, int length) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve(upload))
                        .header("Content-Range", from + "-" + (from + length - 1))
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(content, from, length))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("PATCH %d+%d: %s", from, length, r.body()).isEqualTo(202);
        assertThat(r.headers().firstValue("Range")).hasValue("0-" + (from + length - 1));
    }

    void finish(URI base, String upload, String digest) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve(upload + "?digest=" + digest))
                        .PUT(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** The sha256 digest of a blob as pulled, streaming. */
    String pullDigest(URI base, String repository, String digest) throws Exception {
        HttpResponse<InputStream> r = http.send(
                HttpRequest.newBuilder(base.resolve("/v2/" + repository + "/blobs/" + digest))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = r.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    static String sha256(byte[] content) throws Exception {
        return "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
