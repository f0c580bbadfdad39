package dev.berth.registry.metrics;

import dev.berth.registry.gc.GcAbortedException;
import dev.berth.registry.gc.GcAlreadyRunningException;
import dev.berth.registry.gc.GcListener;
import dev.berth.registry.gc.GcReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Garbage collection as the collector reports it: runs by result ({@code completed}, {@code dry_run},
 * {@code skipped} when another collection held the store, {@code aborted}, {@code failed}), how long
 * they took, and what completed runs reclaimed. Dry runs reclaim nothing and add nothing to the
 * reclaimed counters.
 */
public final class GcMetrics implements GcListener {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer duration;
    private final Counter blobs;
    private final Counter bytes;
    private final Counter manifests;
    private final Counter uploads;
    private final AtomicLong lastCompleted = new AtomicLong();

    public GcMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        for (String result : new String[] {"completed", "dry_run", "skipped", "aborted", "failed"}) {
            runs(result);
        }
        this.duration = Timer.builder(Metrics.GC_DURATION)
                .description("how long garbage collection runs took")
                .register(registry);
        this.blobs = Counter.builder(Metrics.GC_BLOBS_RECLAIMED)
                .description("blobs deleted by garbage collection")
                .register(registry);
        this.bytes = Counter.builder(Metrics.GC_RECLAIMED)
                .baseUnit("bytes")
                .description("bytes of the blobs deleted by garbage collection")
                .register(registry);
        this.manifests = Counter.builder(Metrics.GC_MANIFESTS_PRUNED)
                .description("manifest revisions pruned by garbage collection")
                .register(registry);
        this.uploads = Counter.builder(Metrics.GC_UPLOADS_REMOVED)
                .description("idle upload sessions removed by garbage collection")
                .register(registry);
        Gauge.builder(Metrics.GC_LAST_COMPLETED, lastCompleted, AtomicLong::get)
                .baseUnit("seconds")
                .description("when this server's last garbage collection completed, 0 before the first")
                .register(registry);
    }

    @Override
    public void completed(GcReport report) {
        runs(report.dryRun() ? "dry_run" : "completed").increment();
        duration.record(report.duration());
        if (!report.dryRun()) {
            blobs.increment(report.blobsSwept());
            bytes.increment(report.bytesReclaimed());
            manifests.increment(report.manifestsPruned());
            uploads.increment(report.uploadsRemoved());
            lastCompleted.set(clock.instant().getEpochSecond());
        }
    }

    @Override
    public void failed(RuntimeException e) {
        String result = e instanceof GcAlreadyRunningException
                ? "skipped"
                : e instanceof GcAbortedException ? "aborted" : "failed";
        runs(result).increment();
    }

    private Counter runs(String result) {
        return Counter.builder(Metrics.GC_RUNS)
                .tag("result", result)
                .description("garbage collection runs by result")
                .register(registry);
    }
}
