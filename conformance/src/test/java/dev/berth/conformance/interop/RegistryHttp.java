package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The few plain-HTTP reads the interop tests use to check what the clients left in the registry. */
public final class RegistryHttp {

    /** Every manifest type the clients here push. */
    public static final String MANIFEST_ACCEPT = String.join(
            ", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    public RegistryHttp(URI base) {
        this.base = base;
    }

    public HttpResponse<byte[]> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<Void> head(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(60))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** The manifest bytes under this tag or digest; fails unless the answer is 200. */
    public byte[] manifest(String repository, String reference) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get("/v2/" + repository + "/manifests/" + reference, MANIFEST_ACCEPT);
        assertEquals(
                200,
                response.statusCode(),
                () -> "GET /v2/" + repository + "/manifests/" + reference + " answered " + response.statusCode() + ": "
                        + new String(response.body()));
        return response.body();
    }

    /** The blob bytes; fails unless the answer is 200. */
    public byte[] blob(String repository, String digest) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get("/v2/" + repository + "/blobs/" + digest, null);
        assertEquals(
                200,
                response.statusCode(),
                () -> "GET /v2/" + repository + "/blobs/" + digest + " answered " + response.statusCode() + ": "
                        + new String(response.body()));
        return response.body();
    }

    /** The tags of a repository, as {@code GET /v2/<name>/tags/list} lists them. */
    public List<String> tags(String repository) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get("/v2/" + repository + "/tags/list", null);
        assertEquals(
                200,
                response.statusCode(),
                () -> "GET /v2/" + repository + "/tags/list answered " + response.statusCode() + ": "
                        + new String(response.body()));
        List<String> tags = new ArrayList<>();
        json(response.body()).path("tags").forEach(tag -> tags.add(tag.asText()));
        return tags;
    }

    public static JsonNode json(byte[] bytes) throws IOException {
        return JSON.readTree(bytes);
    }

    public static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
