package dev.berth.registry.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one route template: a latency timer per method and status (made on first use and
 * kept in an array, so recording a request is two array reads), the bytes received and sent, and
 * the requests whose handler is running.
 */
public final class RouteMeters {
    /** Methods named in tags; any other method is {@code OTHER}, so clients cannot add series. */
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"};

    private static final int OTHER = METHODS.length - 1;
    private static final int FIRST_STATUS = 100;
    private static final int STATUSES = 500;
    /** Histogram buckets: from a cached manifest HEAD to a multi-gigabyte layer. */
    private static final Duration[] BUCKETS = {
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
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(300)
    };

    private final MeterRegistry registry;
    private final String template;
    private final Counter received;
    private final Counter sent;
    private final AtomicInteger active = new AtomicInteger();
    /** Per method, the timers by status minus {@link #FIRST_STATUS}; made on first use. */
    private final AtomicReferenceArray<AtomicReferenceArray<Timer>> timers = new AtomicReferenceArray<>(METHODS.length);

    RouteMeters(MeterRegistry registry, String template) {
        this.registry = registry;
        this.template = template;
        this.received = Counter.builder(Metrics.RECEIVED)
                .baseUnit("bytes")
                .tag("route", template)
                .description("request body bytes received")
                .register(registry);
        this.sent = Counter.builder(Metrics.SENT)
                .baseUnit("bytes")
                .tag("route", template)
                .description("response body bytes sent")
                .register(registry);
        Gauge.builder(Metrics.REQUESTS_ACTIVE, active, AtomicInteger::get)
                .tag("route", template)
                .description("requests whose handler is running")
                .register(registry);
    }

    public String template() {
        return template;
    }

    /** A handler starts on a request of this route; {@link #handled()} must follow. */
    public void handling() {
        active.incrementAndGet();
    }

    public void handled() {
        active.decrementAndGet();
    }

    int active() {
        return active.get();
    }

    /** One request answered: its method, status, time from head to the last byte sent, body bytes in and out. */
    public void record(String method, int status, long nanos, long bytesIn, long bytesOut) {
        timer(method(method), status).record(nanos, TimeUnit.NANOSECONDS);
        received.increment(bytesIn);
        sent.increment(bytesOut);
    }

    private Timer timer(int method, int status) {
        int slot = status - FIRST_STATUS;
        if (slot < 0 || slot >= STATUSES) {
            slot = 0;
            status = FIRST_STATUS;
        }
        AtomicReferenceArray<Timer> byStatus = timers.get(method);
        if (byStatus == null) {
            timers.compareAndSet(method, null, new AtomicReferenceArray<>(STATUSES));
            byStatus = timers.get(method);
        }
        Timer timer = byStatus.get(slot);
        if (timer == null) {
            // Registering the same name and tags twice gives the same timer, so a race is harmless.
            timer = Timer.builder(Metrics.REQUESTS)
                    .tag("route", template)
                    .tag("method", METHODS[method])
                    .tag("status", Integer.toString(status))
                    .description("requests by route template, method and status, from head to last byte sent")
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            byStatus.set(slot, timer);
        }
        return timer;
    }

    private static int method(String name) {
        for (int i = 0; i < OTHER; i++) {
            if (METHODS[i].equals(name)) {
                return i;
            }
        }
        return OTHER;
    }
}
