package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.model.Digest;
import dev.berth.storage.memory.InMemoryStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcScheduleTest {
    @Test
    void runsEveryIntervalUntilClosed() throws Exception {
        Store store = new Store(new InMemoryStorage(), Duration.ofMillis(1));
        Digest orphan = store.blob("app", "orphan");
        try (GcSchedule schedule = GcSchedule.start(
                        store.collector(Duration.ZERO), Duration.ofMillis(100), GcOptions.defaults())
                .orElseThrow()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.blobs().contains(orphan) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(store.blobs()).doesNotContain(orphan);
    }

    /** Two servers' schedules on one store: the second finds the store freshly collected and skips. */
    @Test
    void aStoreCollectedWithinTheIntervalIsNotCollectedAgain() {
        Store store = new Store(new InMemoryStorage(), Duration.ofMillis(1));
        GarbageCollector first = store.collector(Duration.ZERO);
        GarbageCollector second = store.collector(Duration.ZERO);
        assertThat(first.lastCompleted()).isEmpty();
        GcSchedule.runOnce(first, GcOptions.defaults(), Duration.ofHours(1), Clock.systemUTC());
        Instant collected = first.lastCompleted().orElseThrow();
        assertThat(second.lastCompleted()).contains(collected);

        Digest orphan = store.blob("app", "orphan-after-the-run");
        GcSchedule.runOnce(second, GcOptions.defaults(), Duration.ofHours(1), Clock.systemUTC());
        assertThat(store.blobs()).as("skipped: collected within the interval").contains(orphan);

        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(55));
        GcSchedule.runOnce(second, GcOptions.defaults(), Duration.ofHours(1), later);
        assertThat(store.blobs())
                .as("nine tenths of the interval later it collects")
                .doesNotContain(orphan);
    }

    @Test
    void aZeroIntervalSchedulesNothing() {
        Store store = new Store(new InMemoryStorage(), Duration.ofHours(1));
        assertThat(GcSchedule.start(store.collector(Duration.ZERO), Duration.ZERO, GcOptions.defaults()))
                .isEmpty();
    }

    @Test
    void theServerOffersItsCollector(@TempDir Path dir) throws Exception {
        RegistryConfig config = new ConfigLoader()
                .set(ConfigKey.LISTEN, "127.0.0.1:0")
                .set(ConfigKey.STORAGE, dir.toString())
                .set(ConfigKey.GC_INTERVAL, "0")
                .load();
        try (RegistryServer server = RegistryServer.start(config)) {
            GcReport report = server.garbageCollector().run(GcOptions.of(config).withDryRun(true));
            assertThat(report.repositories()).isZero();
        }
    }
}
