package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A 2 GiB blob through a server with a 256 MiB heap: in with POST, one streamed PATCH (chunked, no
 * Content-Range) and {@code PUT ?digest=}, out with a streamed GET and a range read near the end.
 * Neither side may hold the blob in memory; the only copy is the server's file, removed with its
 * temporary directory.
 */
class LargeBlobIT {

    private static final long SIZE = 2L << 30;
    private static final long SEED = 0x2b10b;
    private static final String REPOSITORY = "interop/large";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @Test
    void twoGibibyteBlobStreamsInAndOutOfASmallHeap() throws Exception {
        try (BerthProcess berth = BerthProcess.start("-Xmx256m")) {
            URI base = berth.baseUri();
            long started = System.nanoTime();

            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(base.resolve("/v2/" + REPOSITORY + "/blobs/uploads/"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as("POST uploads: %s", post.body()).isEqualTo(202);
            URI session = base.resolve(post.headers().firstValue("Location").orElseThrow());

            SeededBytes content = new SeededBytes(SEED, SIZE);
            HttpResponse<String> patch = http.send(
                    HttpRequest.newBuilder(session)
                            .header("Content-Type", "application/octet-stream")
                            .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> content))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(patch.statusCode())
                    .as("streamed PATCH: %s", patch.body())
                    .isEqualTo(202);
            assertThat(content.position()).as("bytes the client sent").isEqualTo(SIZE);
            assertThat(patch.headers().firstValue("Range")).hasValue("0-" + (SIZE - 1));
            String digest = content.digest();
            long uploaded = System.nanoTime();

            URI next = base.resolve(patch.headers().firstValue("Location").orElseThrow());
            URI put = URI.create(next + (next.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
            HttpResponse<String> done = http.send(
                    HttpRequest.newBuilder(put)
                            .PUT(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(done.statusCode()).as("PUT ?digest=: %s", done.body()).isEqualTo(201);
            assertThat(done.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
            long committed = System.nanoTime();

            URI blob = base.resolve("/v2/" + REPOSITORY + "/blobs/" + digest);
            HttpResponse<Void> head = http.send(
                    HttpRequest.newBuilder(blob)
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);

            HttpResponse<InputStream> get =
                    http.send(HttpRequest.newBuilder(blob).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long received = 0;
            try (InputStream in = get.body()) {
                byte[] buffer = new byte[1 << 20];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    sha256.update(buffer, 0, n);
                    received += n;
                }
            }
            assertThat(received).as("bytes of the GET").isEqualTo(SIZE);
            assertThat("sha256:" + HexFormat.of().formatHex(sha256.digest()))
                    .as("digest of the GET")
                    .isEqualTo(digest);
            long downloaded = System.nanoTime();

            // Crosses a 1 MiB block boundary of the generator and ends at the last byte.
            long from = SIZE - (1 << 20) - 4321;
            long to = SIZE - 1;
            HttpResponse<byte[]> range = http.send(
                    HttpRequest.newBuilder(blob)
                            .header("Range", "bytes=" + from + "-" + to)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).as("range GET").isEqualTo(206);
            assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes " + from + "-" + to + "/" + SIZE);
            assertThat(range.body()).as("bytes %d-%d", from, to).isEqualTo(SeededBytes.at(SEED, from, (int)
                    (to - from + 1)));

            List<AccessLogEntry> log = berth.accessLog();
            assertThat(log)
                    .as("access log")
                    .anyMatch(e -> e.method().equals("PATCH") && e.in() == SIZE && e.status() == 202);
            assertThat(log)
                    .as("access log")
                    .anyMatch(e -> e.method().equals("GET") && e.out() == SIZE && e.status() == 200);

            System.err.printf(
                    "LargeBlobIT: 2 GiB upload %.1f s, commit %.1f s, download %.1f s%n",
                    seconds(uploaded - started), seconds(committed - uploaded), seconds(downloaded - committed));
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
