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
        assertThat(guard.beginDeletion(digest, Instant.now().plusSeconds(1))).isTrue();
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
    void aCollectorGoesBackTheGracePeriodPlusTheTouchInterval() {
        Instant start = Instant.parse("2026-01-01T00:00:10Z");
        assertThat(guard.claimedBefore(start)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void claimsAreRewrittenOnlyAfterTheTouchInterval() {
        guard.claim(digest);
        Instant first = guard.lastClaimed(digest).orElseThrow();
        guard.claim(digest);
        assertThat(guard.lastClaimed(digest)).contains(first);
        assertThat(guard.touchInterval()).isEqualTo(Duration.ofSeconds(2));
    }
}
