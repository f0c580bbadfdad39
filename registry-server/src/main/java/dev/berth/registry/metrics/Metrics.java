package dev.berth.registry.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletableFuture;

/**
 * A server's meters: one Prometheus registry, the JVM and process meters bound to it, and the
 * names of Berth's own meters (as Micrometer names them; Prometheus sees dots as underscores, with
 * the unit and {@code _total} appended, e.g. {@link #REQUESTS} is {@code
 * berth_http_server_requests_seconds}). Closing it unhooks the garbage-collector listener.
 */
public final class Metrics implements AutoCloseable {
    /** Timer: requests by route template, method and status. */
    public static final String REQUESTS = "berth.http.server.requests";
    /** Gauge: requests whose handler is running, by route template. */
    public static final String REQUESTS_ACTIVE = "berth.http.server.requests.active";
    /** Counter, bytes: request bodies received, by route template. */
    public static final String RECEIVED = "berth.http.server.received";
    /** Counter, bytes: response bodies sent, by route template. */
    public static final String SENT = "berth.http.server.sent";
    /** Gauge: upload requests (POST, PATCH, PUT of an upload) whose handler is running. */
    public static final String UPLOADS_ACTIVE = "berth.uploads.active";
    /** Timer: storage calls by driver, operation and outcome. */
    public static final String STORAGE_OPERATIONS = "berth.storage.operations";
    /** Counter: access decisions by outcome and source. */
    public static final String AUTH_DECISIONS = "berth.auth.decisions";
    /** Counter: garbage collection runs by result. */
    public static final String GC_RUNS = "berth.gc.runs";
    /** Timer: how long completed collections (and dry runs) took. */
    public static final String GC_DURATION = "berth.gc.duration";
    /** Counter: blobs garbage collection deleted. */
    public static final String GC_BLOBS_RECLAIMED = "berth.gc.blobs.reclaimed";
    /** Counter, bytes: the size of the blobs garbage collection deleted. */
    public static final String GC_RECLAIMED = "berth.gc.reclaimed";
    /** Counter: manifest revisions garbage collection pruned. */
    public static final String GC_MANIFESTS_PRUNED = "berth.gc.manifests.pruned";
    /** Counter: idle upload sessions garbage collection removed. */
    public static final String GC_UPLOADS_REMOVED = "berth.gc.uploads.removed";
    /** Gauge, seconds since the epoch: when this server's last collection completed. */
    public static final String GC_LAST_COMPLETED = "berth.gc.last.completed.timestamp";
    /** Counter: events a webhook endpoint accepted, by endpoint name. */
    public static final String NOTIFICATIONS_SENT = "berth.notifications.sent";
    /** Counter: webhook delivery attempts that failed (each is retried), by endpoint name. */
    public static final String NOTIFICATIONS_FAILURES = "berth.notifications.failures";
    /** Counter: events dropped because an endpoint's queue was full, by endpoint name. */
    public static final String NOTIFICATIONS_DROPPED = "berth.notifications.dropped";
    /** Gauge: events queued for a webhook endpoint, not yet sent, by endpoint name. */
    public static final String NOTIFICATIONS_PENDING = "berth.notifications.pending";

    private final PrometheusMeterRegistry registry;
    /** The garbage-collector binder, which closing unhooks; made on the binding thread. */
    private final CompletableFuture<JvmGcMetrics> jvmGc;

    private final CompletableFuture<Void> jvmBound;

    private Metrics(
            PrometheusMeterRegistry registry, CompletableFuture<JvmGcMetrics> jvmGc, CompletableFuture<Void> jvmBound) {
        this.registry = registry;
        this.jvmGc = jvmGc;
        this.jvmBound = jvmBound;
    }

    /**
     * A Prometheus registry with the JVM's memory, GC, threads, classes, and the process's CPU,
     * uptime, files. Those binders load the JVM's management classes, a noticeable part of startup,
     * so they are made (the GC binder looks up the memory pools) and bound on a thread of their own
     * while the server starts; a scrape waits for them.
     */
    public static Metrics start() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CompletableFuture<JvmGcMetrics> jvmGc = new CompletableFuture<>();
        CompletableFuture<Void> jvmBound = new CompletableFuture<>();
        Thread binder = new Thread(
                () -> {
                    try {
                        jvmGc.complete(new JvmGcMetrics());
                        bindJvm(registry, jvmGc.join());
                        jvmBound.complete(null);
                    } catch (RuntimeException | Error e) {
                        jvmBound.completeExceptionally(e);
                    }
                },
                "berth-metrics-jvm");
        binder.setDaemon(true);
        binder.start();
        return new Metrics(registry, jvmGc, jvmBound);
    }

    private static void bindJvm(MeterRegistry registry, JvmGcMetrics jvmGc) {
        new JvmMemoryMetrics().bindTo(registry);
        jvmGc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /**
     * A registry that keeps nothing, for routes built without metrics (tests): Micrometer's
     * composite with no member hands out meters that do nothing.
     */
    public static MeterRegistry none() {
        return new CompositeMeterRegistry();
    }

    /** Where every part of the server registers its meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in Prometheus' text exposition format (version 0.0.4). */
    public String scrape() {
        jvmBound.join();
        return registry.scrape();
    }

    @Override
    public void close() {
        jvmBound.exceptionally(e -> null).join();
        JvmGcMetrics gc = jvmGc.getNow(null);
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
