package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.content.CollectorStore;
import dev.berth.registry.content.RegistryLayout;
import dev.berth.storage.memory.InMemoryStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GcLeaseTest {
    final InMemoryStorage storage = new InMemoryStorage();
    final CollectorStore store = new CollectorStore(storage);
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void theHolderRenewsItsLeaseAsItWorks() {
        try (GcLease lease = GcLease.acquire(store, clock, "me", Duration.ZERO)) {
            Instant first = GcLease.read(store).orElseThrow().expires();
            assertThat(first).isEqualTo(clock.instant().plus(GcLease.TERM));
            clock.advance(Duration.ofSeconds(10));
            lease.keepAlive();
            assertThat(GcLease.read(store).orElseThrow().expires())
                    .as("not due yet")
                    .isEqualTo(first);
            clock.advance(GcLease.TERM.dividedBy(2));
            lease.keepAlive();
            assertThat(GcLease.read(store).orElseThrow().expires())
                    .isEqualTo(clock.instant().plus(GcLease.TERM));
        }
        assertThat(storage.stat(RegistryLayout.gcLock())).isEmpty();
    }

    @Test
    void aLapsedLeaseStopsTheRun() {
        GcLease lease = GcLease.acquire(store, clock, "me", Duration.ZERO);
        clock.advance(GcLease.TERM.plusSeconds(1));
        assertThatThrownBy(lease::keepAlive)
                .isInstanceOf(GcAbortedException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aLeaseTakenOverStopsTheRunAndIsNotReleasedByItsFormerHolder() {
        GcLease lease = GcLease.acquire(store, clock, "me", Duration.ZERO);
        clock.advance(GcLease.TERM.plusSeconds(1));
        GcLease other = GcLease.acquire(store, clock, "other", Duration.ZERO);
        clock.advance(Duration.ofSeconds(-60));
        assertThatThrownBy(lease::keepAlive)
                .isInstanceOf(GcAbortedException.class)
                .hasMessageContaining("other");
        lease.close();
        assertThat(GcLease.read(store).orElseThrow().owner()).isEqualTo("other");
        other.close();
    }

    @Test
    void aLiveLeaseOfAnotherOwnerRefusesAtOnce() {
        GcLease.acquire(store, clock, "first", Duration.ZERO);
        assertThatThrownBy(() -> GcLease.acquire(store, clock, "second", Duration.ZERO))
                .isInstanceOf(GcAlreadyRunningException.class)
                .hasMessageContaining("first");
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
