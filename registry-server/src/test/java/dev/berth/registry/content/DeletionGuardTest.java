package dev.berth.registry.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.storage.memory.InMemoryStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeletionGuardTest {
    final InMemoryStorage storage = new InMemoryStorage();
    final DeletionGuard guard = new DeletionGuard(storage, Clock.systemUTC(), Duration.ofSeconds(8));
    final Digest digest = Digest.of(DigestAlgorithm.SHA256, new byte[] {42});

    @Test
    void aClaimMadeAfterTheRunStartedStopsTheDeletion() {
        Instant runStart = Instant.now().minusSeconds(1);
        guard.claim(digest);
        assertThat(guard.beginDeletion(digest, runStart)).isFalse();
        assertThat(storage.stat(RegistryLayout.gcDeleting(digest))).isEmpty();
    }

    @Test
    void anOldClaimDoesNotStopIt() {
        guard.claim(digest);
        assertThat(guard.beginDeletion(digest, Instant.now().plusSeconds(3))).isTrue();
        guard.endDeletion(digest);
    }

    @Test
    void aClaimWaitsForADeletionInProgress() throws Exception {
        assertThat(guard.beginDeletion(digest, Instant.now().plusSeconds(1))).isTrue();
        CompletableFuture<Void> claim = CompletableFuture.runAsync(() -> guard.claim(digest));
        Thread.sleep(300);
        assertThat(claim).isNotDone();
        guard.endDeletion(digest);
        claim.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aCollectorKeepsWhatWasClaimedWithinItsGracePeriod() {
        Instant start = Instant.parse("2026-01-01T00:00:10Z");
        assertThat(guard.claimedBefore(start)).isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));
    }

    @Test
    void aRecordStandsForClaimsUntilTheRefreshIntervalItStates() {
        guard.claim(digest);
        Instant written =
                storage.stat(RegistryLayout.gcRecent(digest)).orElseThrow().lastModified();
        assertThat(storage.readAll(RegistryLayout.gcRecent(digest))).asString().isEqualTo("PT2S");
        assertThat(new DeletionGuard(storage, Clock.systemUTC(), Duration.ZERO).lastClaimed(digest))
                .contains(written.plusSeconds(2));
    }

    @Test
    void aRecordThatDoesNotSayStandsForTheLongestRefreshInterval() {
        storage.put(RegistryLayout.gcRecent(digest), new byte[0]);
        Instant written =
                storage.stat(RegistryLayout.gcRecent(digest)).orElseThrow().lastModified();
        assertThat(guard.lastClaimed(digest)).contains(written.plus(DeletionGuard.LONGEST_REFRESH));
    }

    @Test
    void claimsAreRewrittenOnlyAfterTheRefreshInterval() {
        guard.claim(digest);
        Instant first = guard.lastClaimed(digest).orElseThrow();
        guard.claim(digest);
        assertThat(guard.lastClaimed(digest)).contains(first);
        assertThat(guard.refreshInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aShorterRefreshIntervalInTheRecordIsHonouredByALongGraceClaimer() {
        new DeletionGuard(storage, Clock.systemUTC(), Duration.ZERO).claim(digest);
        Instant first =
                storage.stat(RegistryLayout.gcRecent(digest)).orElseThrow().lastModified();
        new DeletionGuard(storage, Clock.offset(Clock.systemUTC(), Duration.ofMillis(1)), Duration.ofHours(1))
                .claim(digest);
        assertThat(storage.readAll(RegistryLayout.gcRecent(digest))).asString().isEqualTo("PT1M");
        assertThat(storage.stat(RegistryLayout.gcRecent(digest)).orElseThrow().lastModified())
                .isAfterOrEqualTo(first);
    }
}
