package dev.berth.registry.metrics;

import dev.berth.storage.ObjectNotFoundException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The timers of one driver, by operation and outcome: {@code success}, {@code not_found} (the
 * object or upload was not there, which callers often expect) and {@code error} (anything else the
 * driver threw). Each is made on first use, so only operations that happened have series.
 */
final class StorageMeters {
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };
    private static final String[] OUTCOMES = {"success", "not_found", "error"};

    private final MeterRegistry registry;
    private final String driver;
    private final AtomicReferenceArray<Timer> timers =
            new AtomicReferenceArray<>(StorageOperation.values().length * OUTCOMES.length);

    StorageMeters(MeterRegistry registry, String driver) {
        this.registry = registry;
        this.driver = driver;
    }

    void success(StorageOperation op, long startNanos) {
        timer(op, 0).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    void failure(StorageOperation op, long startNanos, RuntimeException e) {
        timer(op, e instanceof ObjectNotFoundException ? 1 : 2)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(StorageOperation op, int outcome) {
        int slot = op.ordinal() * OUTCOMES.length + outcome;
        Timer timer = timers.get(slot);
        if (timer == null) {
            // Registering the same name and tags twice gives the same timer, so a race is harmless.
            timer = Timer.builder(Metrics.STORAGE_OPERATIONS)
                    .tag("driver", driver)
                    .tag("operation", op.tag())
                    .tag("outcome", OUTCOMES[outcome])
                    .description("storage calls by driver, operation and outcome")
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            timers.set(slot, timer);
        }
        return timer;
    }
}
