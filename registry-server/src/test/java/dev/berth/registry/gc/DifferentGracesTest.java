package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.content.Registry;
import dev.berth.registry.model.Digest;
import dev.berth.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Servers and collectors of one store with different {@code gc.grace}: whatever each has, content
 * claimed within the collector's grace period (and everything an acknowledged push references)
 * stays. Time is the test's clock, objects are stamped with it.
 */
class DifferentGracesTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final GcOptions PRUNE = GcOptions.defaults().withPruneUntagged(true);

    final GcLeaseTest.MutableClock clock = new GcLeaseTest.MutableClock(T0);
    final ClockedStorage storage = new ClockedStorage(new InMemoryStorage(), clock);

    GarbageCollector collector(Duration grace) {
        return new GarbageCollector(new Registry(storage, clock, grace), clock, Duration.ZERO);
    }

    Store server(Duration grace) {
        return new Store(storage, grace, clock);
    }

    @Test
    void aCollectorWithAShorterGraceKeepsWhatALongGraceServersPushReferences() {
        for (int seconds : new int[] {5, 20, 45, 59}) {
            DifferentGracesTest at = new DifferentGracesTest();
            at.pushWhileCollecting(Duration.ofSeconds(seconds));
        }
    }

    /**
     * The layers are uploaded at T0; {@code later}, a collection with a 4 s grace marks the
     * repository, then the server (1 h grace, so it refreshes claims once a minute) acknowledges a
     * manifest that references them, before the sweep.
     */
    void pushWhileCollecting(Duration later) {
        Store server = server(Duration.ofHours(1));
        Digest layer = server.blob("app", "layer");
        Digest config = server.blob("app", "{}");
        clock.advance(later);
        Digest[] image = new Digest[1];
        GcReport report = collector(Duration.ofSeconds(4)).run(PRUNE, phase -> {
            if (phase == GcPhase.SWEEP) {
                image[0] = server.image("app", "v1", config, layer);
            }
        });
        assertThat(report.blobsSwept()).as("after %s", later).isZero();
        assertThat(server.blobs()).as("after %s", later).contains(layer, config, image[0]);
        assertThat(server.linked("app", layer)).isTrue();
    }

    @Test
    void aCollectorWithALongerGraceKeepsWhatAShortGraceServerClaimedWithinIt() {
        Store server = server(Duration.ofSeconds(4));
        Digest layer = server.blob("app", "layer");
        clock.advance(Duration.ofMinutes(10));
        assertThat(server.registry.blobs().claim(Store.repo("app"), layer))
                .as("HEAD")
                .isPresent();

        clock.advance(Duration.ofMinutes(30));
        assertThat(collector(Duration.ofHours(1)).run(PRUNE).blobsSwept()).isZero();
        assertThat(server.blobs()).contains(layer);

        clock.advance(Duration.ofMinutes(32));
        assertThat(collector(Duration.ofHours(1)).run(PRUNE).blobsSwept())
                .as("claimed over an hour ago")
                .isEqualTo(1);
        assertThat(server.blobs()).doesNotContain(layer);
    }

    @Test
    void theLastClaimIsNeverLaterThanWhatTheRecordTellsTheCollector() {
        List<Duration> graces = List.of(
                Duration.ZERO,
                Duration.ofSeconds(4),
                Duration.ofMinutes(1),
                Duration.ofMinutes(10),
                Duration.ofHours(1),
                Duration.ofDays(2));
        List<Registry> servers =
                graces.stream().map(g -> new Registry(storage, clock, g)).toList();
        Registry collector = new Registry(storage, clock, Duration.ZERO);
        Digest digest = Store.sha256(new byte[] {7});
        Random random = new Random(1);
        for (int i = 0; i < 2_000; i++) {
            clock.advance(Duration.ofMillis(random.nextInt(20_000)));
            Registry server = servers.get(random.nextInt(servers.size()));
            server.guard().claim(digest);
            assertThat(collector.guard().lastClaimed(digest))
                    .as("claim %d by a server with grace %s", i, server.guard().grace())
                    .hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(clock.instant()));
        }
    }
}
