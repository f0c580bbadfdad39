package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.RegistryConfig.HttpConfig;
import dev.berth.registry.content.Registry;
import dev.berth.registry.testing.LocalServer;
import dev.berth.storage.fs.FileSystemStorage;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that sends part of a chunk and stalls: the status shows only committed bytes, and the
 * next request for the session (a PATCH from the reported offset, or a DELETE) supersedes the
 * stalled one at once instead of waiting for its body timeout. The stalled request never gets a
 * 202. The stalled part is more than the dispatcher's first window ({@link InboundBody#WINDOW}),
 * so the request has reached its handler, which is writing to storage when the client stalls.
 */
class StalledChunkTest {
    /** Far below the body timeout (120 s): waiting for the stalled request would exceed it. */
    private static final Duration PROMPT = Duration.ofSeconds(30);

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Three chunks: sent, stalled part-way, sent again by the next request. */
    static final int CHUNK = 100_000;

    final byte[] content = new byte[3 * CHUNK];

    @TempDir
    Path root;

    LocalServer server;
    URI base;
    String upload;

    @BeforeEach
    void startAndSendTheFirstChunk() throws Exception {
        new Random(3).nextBytes(content);
        FileSystemStorage storage = new FileSystemStorage(root);
        Registry registry = new Registry(storage, Clock.systemUTC());
        server = LocalServer.start(
                registry,
                // Far longer than the client waits below: only superseding can answer in time.
                new HttpConfig(Duration.ofSeconds(120), Duration.ofSeconds(120), true));
        base = URI.create("http://127.0.0.1:" + server.address().getPort());
        HttpResponse<String> started = send(HttpRequest.newBuilder(base.resolve("/v2/stall/app/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        upload = started.headers().firstValue("Location").orElseThrow();
        assertThat(patch(0, CHUNK).headers().firstValue("Range")).hasValue("0-" + (CHUNK - 1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPatchFromTheReportedOffsetSupersedesTheStalledOne() throws Exception {
        try (Socket stalled = stallHalfwayThroughAChunk()) {
            HttpResponse<String> status =
                    send(HttpRequest.newBuilder(base.resolve(upload)).GET());
            assertThat(status.statusCode()).isEqualTo(204);
            assertThat(status.headers().firstValue("Range")).hasValue("0-" + (CHUNK - 1));

            HttpResponse<String> next = patch(CHUNK, 2 * CHUNK);
            assertThat(next.statusCode()).as(next.body()).isEqualTo(202);
            assertThat(next.headers().firstValue("Range")).hasValue("0-" + (3 * CHUNK - 1));
            assertThat(answerTo(stalled)).doesNotContain(" 202 ");
        }
        HttpResponse<String> finished = send(HttpRequest.newBuilder(base.resolve(upload + "?digest=" + digest()))
                .PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(finished.statusCode()).as(finished.body()).isEqualTo(201);
        HttpResponse<byte[]> pulled = http.send(
                HttpRequest.newBuilder(base.resolve("/v2/stall/app/blobs/" + digest()))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pulled.body()).isEqualTo(content);
    }

    @Test
    void aDeleteSupersedesTheStalledPatch() throws Exception {
        try (Socket stalled = stallHalfwayThroughAChunk()) {
            HttpResponse<String> deleted =
                    send(HttpRequest.newBuilder(base.resolve(upload)).DELETE());
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
            assertThat(answerTo(stalled)).doesNotContain(" 202 ");
        }
        assertThat(send(HttpRequest.newBuilder(base.resolve(upload)).GET()).statusCode())
                .isEqualTo(404);
    }

    /** Sends 80 % of the second chunk and waits until the server has written some of it. */
    private Socket stallHalfwayThroughAChunk() throws Exception {
        Socket socket = new Socket("127.0.0.1", server.address().getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("PATCH " + upload + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Range: " + CHUNK + "-" + (2 * CHUNK - 1) + "\r\nContent-Length: " + CHUNK
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(content, CHUNK, CHUNK * 4 / 5);
        out.flush();
        String id = upload.substring(upload.lastIndexOf('/') + 1);
        Path file = root.resolve("~uploads").resolve("uploads").resolve(id).resolve("data");
        await(() -> size(file) > CHUNK);
        return socket;
    }

    /** What the server answered the stalled request, once it has (or closed the connection). */
    private static String answerTo(Socket stalled) throws Exception {
        stalled.setSoTimeout((int) PROMPT.toMillis());
        InputStream in = stalled.getInputStream();
        try {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (java.net.SocketException reset) {
            return "";
        }
    }

    private HttpResponse<String> patch(int from, int length) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(upload))
                .header("Content-Range", from + "-" + (from + length - 1))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(content, from, length)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(PROMPT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String digest() throws Exception {
        return "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PROMPT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
