package dev.berth.conformance.auth;

import static dev.berth.conformance.Check.body;
import static dev.berth.conformance.Check.created;
import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.conformance.Data;
import dev.berth.conformance.Descriptor;
import dev.berth.conformance.Digests;
import dev.berth.conformance.Manifests;
import dev.berth.conformance.MediaTypes;
import dev.berth.conformance.RegistryClient;
import dev.berth.conformance.Response;
import dev.berth.conformance.Urls;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 1,000 connections sending a request body a byte a second and 1,000 sending a request head a byte
 * a second, all open at once, leave a signed-in client's push (POST, PATCH, PUT of a blob, manifest
 * PUT) and pull (manifest GET, blob GET) working, each request under a second at the 99th
 * percentile; afterwards the server closes every slow connection once its timeout has passed. In
 * auth modes the slow bodies are unauthenticated pushes. Each mode runs for about half a minute.
 */
@Tag("slow")
class SlowClientsTest {
    private static final int SLOW_BODIES = 1000;
    private static final int SLOW_HEADS = 1000;
    /** The server's header and body timeouts: longer than the measured phase, short for a test. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final Duration MEASURED = Duration.ofSeconds(6);
    /** Fewer measured requests than this would make the 99th percentile meaningless. */
    private static final int MIN_REQUESTS = 60;

    private static final Duration P99_LIMIT = Duration.ofSeconds(1);

    @ParameterizedTest
    @EnumSource(AuthConfig.Mode.class)
    void pushAndPullStayFastWhileTwoThousandSlowClientsAreConnected(AuthConfig.Mode mode) throws Exception {
        assumeEnoughFileDescriptors();
        try (AuthServer server =
                AuthServer.start(mode, config -> config.set(ConfigKey.HTTP_HEADER_TIMEOUT, TIMEOUT.toSeconds() + "s")
                        .set(ConfigKey.HTTP_BODY_TIMEOUT, TIMEOUT.toSeconds() + "s"))) {
            RegistryClient client = mode == AuthConfig.Mode.NONE ? server.raw() : server.as(AuthServer.ALICE);
            String repo = AuthServer.ALICE + "/slow-" + Data.token(6);
            String zeros = "sha256:" + "0".repeat(64);
            try (SlowClients slow = SlowClients.open(
                    server.base(), "/v2/" + repo + "/blobs/uploads/?digest=" + zeros, SLOW_BODIES, SLOW_HEADS)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (slow.connected() < slow.size() && System.nanoTime() < deadline && slow.failure() == null) {
                    Thread.sleep(100);
                }
                assertThat(slow.failure()).as("slow clients' selector loop").isNull();
                assertThat(slow.connected()).as("slow connections established").isEqualTo(slow.size());
                long connectedAt = System.nanoTime();
                // Nothing may close a slow connection before this: the measured phase ends earlier.
                long loadLasts =
                        slow.firstConnectedNanos() + TIMEOUT.minusSeconds(1).toNanos();
                // Let every slow request reach the server before the measured client starts.
                Thread.sleep(1500);

                Descriptor config = pushConfig(client, repo);
                // A first round unmeasured: the client's connections, tokens and the JIT warm up.
                pushAndPull(client, repo, config, "warm-up", new ArrayList<>());
                List<Long> millis = new ArrayList<>();
                long end = Math.min(System.nanoTime() + MEASURED.toNanos(), loadLasts);
                for (int round = 0; System.nanoTime() < end; round++) {
                    pushAndPull(client, repo, config, "r" + round, millis);
                }

                assertThat(slow.closedByServer())
                        .as(
                                "slow connections the server closed before their timeouts "
                                        + "(%d heads, %d bodies, the first %s after connecting)",
                                slow.closedHeads(),
                                slow.closedBodies(),
                                slow.shortestLife().orElse(null))
                        .isZero();
                assertThat(millis.size())
                        .as("requests measured while all slow connections were open")
                        .isGreaterThanOrEqualTo(MIN_REQUESTS);
                Collections.sort(millis);
                long p99 = millis.get((int) Math.ceil(millis.size() * 0.99) - 1);
                System.out.printf(
                        "slow clients, auth %s: %d requests, median %d ms, p99 %d ms, max %d ms; "
                                + "connecting took %d ms%n",
                        mode,
                        millis.size(),
                        millis.get(millis.size() / 2),
                        p99,
                        millis.get(millis.size() - 1),
                        (connectedAt - slow.firstConnectedNanos()) / 1_000_000);
                assertThat(p99)
                        .as("99th percentile request latency in ms, auth %s", mode)
                        .isLessThan(P99_LIMIT.toMillis());

                long closeBy = connectedAt + TIMEOUT.plusSeconds(10).toNanos();
                while (slow.closedByServer() < slow.size() && System.nanoTime() < closeBy) {
                    Thread.sleep(200);
                }
                assertThat(slow.closedHeads())
                        .as("slow heads closed by the header timeout")
                        .isEqualTo(SLOW_HEADS);
                assertThat(slow.closedBodies())
                        .as("slow bodies closed by the body timeout")
                        .isEqualTo(SLOW_BODIES);
                assertThat(slow.shortestLife().orElseThrow())
                        .as("shortest time a slow connection stayed open")
                        .isGreaterThanOrEqualTo(TIMEOUT.minusSeconds(1));
            }
        }
    }

    private static Descriptor pushConfig(RegistryClient client, String repo) {
        byte[] bytes = Data.config("linux", "amd64");
        return new Descriptor(MediaTypes.OCI_CONFIG, client.pushBlob(repo, bytes), bytes.length);
    }

    /** One push of a small image (POST, PATCH, PUT, manifest PUT) and its pull, each request timed. */
    private static void pushAndPull(
            RegistryClient client, String repo, Descriptor config, String tag, List<Long> millis) {
        byte[] layer = Data.random(2048);
        String digest = Digests.sha256(layer);
        Response post = timed(millis, () -> client.request("POST", "/v2/" + repo + "/blobs/uploads/")
                .body(new byte[0])
                .send());
        status(post, 202);
        Response patch = timed(millis, () -> client.request("PATCH", post.requireHeader("Location"))
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", "0-" + (layer.length - 1))
                .body(layer)
                .send());
        status(patch, 202);
        created(timed(
                millis, () -> client.request("PUT", Urls.withQuery(patch.requireHeader("Location"), "digest", digest))
                        .body(new byte[0])
                        .send()));
        byte[] manifest = Manifests.ociManifest(
                        config, List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, digest, layer.length)))
                .build();
        created(timed(millis, () -> client.putManifest(repo, tag, MediaTypes.OCI_MANIFEST, manifest)));
        body(
                status(
                        timed(
                                millis,
                                () -> client.get(
                                        "/v2/" + repo + "/manifests/" + tag, "Accept", MediaTypes.OCI_MANIFEST)),
                        200),
                manifest);
        body(status(timed(millis, () -> client.get("/v2/" + repo + "/blobs/" + digest)), 200), layer);
    }

    private static Response timed(List<Long> millis, Supplier<Response> request) {
        long start = System.nanoTime();
        Response r = request.get();
        millis.add((System.nanoTime() - start) / 1_000_000);
        return r;
    }

    /** Both ends of 2,000 connections live in this JVM: about 4,000 descriptors beside the usual. */
    private static void assumeEnoughFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            long needed = 2L * (SLOW_BODIES + SLOW_HEADS) + 1000;
            assumeTrue(
                    os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount() >= needed,
                    "needs " + needed + " free file descriptors (ulimit -n), has "
                            + (os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount()));
        }
    }
}
