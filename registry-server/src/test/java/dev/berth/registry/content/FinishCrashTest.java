package dev.berth.registry.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testing.LocalServer;
import dev.berth.storage.Storage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server "dies" at every storage call of a finishing request in turn (see
 * {@link CrashingStorage}); a fresh server on the same store then answers the status and the
 * retried request. Whatever the step, the retry ends with the blob linked, byte for byte, and no
 * upload left over; never a 503 that repeats, never a 201 for content the repository cannot serve.
 */
public abstract class FinishCrashTest {
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Random random = new Random(17);

    /** A new view of the same store, as a restarted process opens it. */
    protected abstract Storage open();

    /** Bytes per chunk; the three chunks together should span more than one S3 part. */
    protected abstract int chunkSize();

    /**
     * Nothing of any upload is left in the store, at the registry's level or the driver's, apart
     * from {@code orphans}.
     */
    protected abstract void assertNoLeftovers(Set<String> orphans) throws Exception;

    /**
     * What the driver left right after a crash that nothing in the store names, so that no retry
     * can find it (an S3 multipart upload begun by a writer killed before its commit): the driver's
     * background purge of such orphans removes it, not finishing.
     */
    protected Set<String> orphans() {
        return Set.of();
    }

    /** How a client pushes the blob; the last request is the one that finishes it. */
    enum Way {
        /** POST, then a PUT with the whole blob: verified in memory, completed into place. */
        SESSION_THEN_WHOLE_PUT,
        /** POST, two PATCHes and a PUT with the last chunk, all through one server. */
        CHUNKS_ON_ONE_SERVER,
        /** Chunks through one server, the PUT through a restarted one: verified by reading back. */
        PUT_AFTER_RESTART,
        /** One POST with {@code ?digest=}; its retry is a new POST. */
        MONOLITHIC_POST
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void everyStepOfFinishingCanBeRetriedAfterACrash(Way way) throws Exception {
        long steps;
        try (Server server = new Server()) {
            Push push = new Push(way, content());
            Request finishing = push.prepare(server);
            server.storage.dieAtCall(Long.MAX_VALUE);
            assertThat(send(finishing.on(server)).statusCode()).isEqualTo(201);
            steps = server.storage.calls();
            assertThat(server.pull(push.digest)).isEqualTo(push.content);
        }
        assertThat(steps).isGreaterThan(3);
        for (long n = 1; n <= steps; n++) {
            Push push = new Push(way, content());
            Request finishing;
            Set<String> orphans;
            try (Server dying = new Server()) {
                finishing = push.prepare(dying);
                dying.storage.dieAtCall(n);
                HttpResponse<String> crashed = send(finishing.on(dying));
                assertThat(dying.storage.dead()).as("step %d of %d", n, steps).isTrue();
                if (crashed.statusCode() == 201) {
                    try (Server check = new Server()) {
                        assertThat(check.pull(push.digest))
                                .as("201 at step %d", n)
                                .isEqualTo(push.content);
                    }
                }
                orphans = orphans();
            }
            try (Server restarted = new Server()) {
                if (push.upload != null) {
                    int status = send(HttpRequest.newBuilder(restarted.base.resolve(push.upload))
                                    .GET())
                            .statusCode();
                    assertThat(status).as("status after a crash at step %d", n).isIn(204, 404);
                }
                HttpResponse<String> retried = send(finishing.on(restarted));
                assertThat(retried.statusCode())
                        .as("retry after a crash at step %d of %d: %s", n, steps, retried.body())
                        .isEqualTo(201);
                assertThat(restarted.pull(push.digest)).as("step %d", n).isEqualTo(push.content);
                if (way == Way.MONOLITHIC_POST) {
                    // The crashed POST's session has no name a client could use again: the purge removes it.
                    restarted.registry.uploads().purgeIdle(Duration.ZERO);
                }
                assertNoLeftovers(orphans);
            }
        }
    }

    private byte[] content() {
        byte[] content = new byte[3 * chunkSize()];
        random.nextBytes(content);
        return content;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The request that finishes a push, sendable to any server. */
    @FunctionalInterface
    interface Request {
        HttpRequest.Builder on(Server server);
    }

    /** One blob pushed one {@link Way}. */
    final class Push {
        final Way way;
        final byte[] content;
        final String digest;
        String upload;

        Push(Way way, byte[] content) throws Exception {
            this.way = way;
            this.content = content;
            this.digest = "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }

        /** Sends everything before the finishing request, which it returns. */
        Request prepare(Server server) throws Exception {
            if (way == Way.MONOLITHIC_POST) {
                return s -> HttpRequest.newBuilder(s.base.resolve("/v2/crash/app/blobs/uploads/?digest=" + digest))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content));
            }
            HttpResponse<String> started =
                    send(HttpRequest.newBuilder(server.base.resolve("/v2/crash/app/blobs/uploads/"))
                            .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(started.statusCode()).isEqualTo(202);
            upload = started.headers().firstValue("Location").orElseThrow();
            if (way == Way.SESSION_THEN_WHOLE_PUT) {
                return put(content);
            }
            int chunk = chunkSize();
            for (int from = 0; from < 2 * chunk; from += chunk) {
                HttpResponse<String> patched = send(HttpRequest.newBuilder(server.base.resolve(upload))
                        .header("Content-Range", from + "-" + (from + chunk - 1))
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(content, from, chunk)));
                assertThat(patched.statusCode()).as(patched.body()).isEqualTo(202);
            }
            if (way == Way.PUT_AFTER_RESTART) {
                server.restartInMemory();
            }
            return put(Arrays.copyOfRange(content, 2 * chunk, 3 * chunk));
        }

        private Request put(byte[] body) {
            return s -> HttpRequest.newBuilder(s.base.resolve(upload + "?digest=" + digest))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        }
    }

    /** A registry server over a fresh view of the store, as one process. */
    final class Server implements AutoCloseable {
        final Storage underlying = open();
        final CrashingStorage storage = new CrashingStorage(underlying);
        Registry registry;
        LocalServer server;
        URI base;

        Server() throws Exception {
            start();
        }

        private void start() throws Exception {
            registry = new Registry(storage, Clock.systemUTC());
            server = LocalServer.start(registry);
            base = URI.create("http://127.0.0.1:" + server.address().getPort());
        }

        /** Forgets everything held in memory, keeping the store. */
        void restartInMemory() throws Exception {
            server.close();
            start();
        }

        byte[] pull(String digest) throws Exception {
            HttpResponse<byte[]> r = http.send(
                    HttpRequest.newBuilder(base.resolve("/v2/crash/app/blobs/" + digest))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        }

        @Override
        public void close() {
            server.close();
            underlying.close();
        }
    }
}
