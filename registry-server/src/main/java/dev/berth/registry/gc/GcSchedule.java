package dev.berth.registry.gc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection inside the server: a run every {@code interval} (skipped when another server
 * of the store collected meanwhile), one log line each. The first
 * run comes after the interval or an hour, whichever is sooner, so that a server restarted more
 * often than the interval still collects. Starting also writes the store's {@link GcReserve}, so a
 * disk that fills up before the first run can still be collected.
 */
public final class GcSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GcSchedule.class);
    private static final Duration FIRST_RUN_AT_MOST = Duration.ofHours(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final GarbageCollector collector;
    private final ScheduledExecutorService executor;

    private GcSchedule(GarbageCollector collector, ScheduledExecutorService executor) {
        this.collector = collector;
        this.executor = executor;
    }

    /** Starts the schedule; empty when {@code interval} is zero (collection off). */
    public static Optional<GcSchedule> start(GarbageCollector collector, Duration interval, GcOptions options) {
        if (interval.isZero() || interval.isNegative()) {
            return Optional.empty();
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-gc");
            t.setDaemon(true);
            return t;
        });
        executor.execute(collector::keepReserve);
        long first = Math.min(interval.toMillis(), FIRST_RUN_AT_MOST.toMillis());
        executor.scheduleWithFixedDelay(
                () -> runOnce(collector, options, interval, Clock.systemUTC()),
                first,
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "garbage collection every {}, first in {}",
                    Units.duration(interval),
                    Units.duration(Duration.ofMillis(first)));
        }
        return Optional.of(new GcSchedule(collector, executor));
    }

    /**
     * Collects, unless the store was collected (by this server, another one sharing the store, or
     * {@code berth gc}) within the last nine tenths of {@code interval}: several servers on one
     * store then collect about once per interval between them instead of once each.
     */
    static void runOnce(GarbageCollector collector, GcOptions options, Duration interval, Clock clock) {
        try {
            Optional<Instant> last = collector.lastCompleted();
            if (last.isPresent()
                    && last.get()
                            .isAfter(clock.instant()
                                    .minus(interval.multipliedBy(9).dividedBy(10)))) {
                LOG.debug("garbage collection skipped: the store was collected at {}", last.get());
                return;
            }
            LOG.info("{}", collector.run(options));
        } catch (GcAlreadyRunningException e) {
            LOG.info("garbage collection skipped: {}", e.getMessage());
        } catch (GcAbortedException e) {
            LOG.warn("garbage collection stopped: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("garbage collection failed; the next run will retry", e);
        }
    }

    /** Stops the schedule; a run in progress stops at its next step (it leaves only garbage behind). */
    @Override
    public void close() {
        executor.shutdown();
        collector.cancel();
        try {
            if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
