package dev.berth.registry.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The HTTP server's meters, one {@link RouteMeters} per route template. The router asks for each
 * route's meters once, when the route is declared, and hands them out with every request it
 * routes, so recording a request never looks a name up. Requests that match no route share the
 * template {@link #UNMATCHED}.
 */
public final class RequestMetrics {
    /** The route template of requests that match no route (or are refused before routing). */
    public static final String UNMATCHED = "unmatched";
    /** Route templates below this path are uploads: {@link Metrics#UPLOADS_ACTIVE} sums theirs. */
    private static final String UPLOADS = "/blobs/uploads/";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, RouteMeters> routes = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(Metrics.UPLOADS_ACTIVE, routes, RequestMetrics::uploadsActive)
                .description("upload requests (POST, PATCH, PUT) whose handler is running")
                .strongReference(true)
                .register(registry);
    }

    /** The meters of the route with this template, such as {@code /v2/{name}/blobs/{digest}}. */
    public RouteMeters route(String template) {
        return routes.computeIfAbsent(template, t -> new RouteMeters(registry, t));
    }

    /** The meters of requests that match no route. */
    public RouteMeters unmatched() {
        return route(UNMATCHED);
    }

    private static double uploadsActive(ConcurrentMap<String, RouteMeters> routes) {
        long sum = 0;
        for (RouteMeters r : List.copyOf(routes.values())) {
            if (r.template().contains(UPLOADS)) {
                sum += r.active();
            }
        }
        return sum;
    }
}
