package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while an upload is streaming: the server stops accepting connections, lets the upload
 * finish, and exits 0 (checked by {@link BerthProcess#close()}).
 */
class ShutdownIT {
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 40;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void requestsInProgressFinishAfterSigterm() throws Exception {
        try (BerthProcess berth = BerthProcess.start()) {
            URI base = berth.baseUri();
            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(base.resolve("/v2/interop/shutdown/blobs/uploads/"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(202);
            URI session = base.resolve(post.headers().firstValue("Location").orElseThrow());

            CountDownLatch halfway = new CountDownLatch(1);
            InputStream slow = new SlowStream(halfway);
            CompletableFuture<HttpResponse<String>> patch = http.sendAsync(
                    HttpRequest.newBuilder(session)
                            .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> slow))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();

            berth.terminate();
            Thread.sleep(500);
            assertThatThrownBy(() -> http.send(
                            HttpRequest.newBuilder(base.resolve("/v2/"))
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .as("new connections after SIGTERM")
                    .isInstanceOf(IOException.class);
            assertThat(berth.isAlive()).as("still finishing the upload").isTrue();

            HttpResponse<String> done = patch.get(60, TimeUnit.SECONDS);
            assertThat(done.statusCode())
                    .as("PATCH cut by shutdown: %s", done.body())
                    .isEqualTo(202);
            assertThat(done.headers().firstValue("Range")).hasValue("0-" + ((long) CHUNK * CHUNKS - 1));
        }
    }

    /** Sends CHUNKS chunks of zeros, 50 ms apart, and signals when half are out. */
    private static final class SlowStream extends InputStream {
        private final CountDownLatch halfway;
        private long remaining = (long) CHUNK * CHUNKS;
        private long sinceChunk;

        SlowStream(CountDownLatch halfway) {
            this.halfway = halfway;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            if (sinceChunk == CHUNK) {
                sinceChunk = 0;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int n = (int) Math.min(len, Math.min(remaining, CHUNK - sinceChunk));
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            remaining -= n;
            sinceChunk += n;
            if (remaining <= (long) CHUNK * CHUNKS / 2) {
                halfway.countDown();
            }
            return n;
        }
    }
}
