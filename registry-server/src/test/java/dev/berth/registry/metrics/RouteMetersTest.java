package dev.berth.registry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class RouteMetersTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RequestMetrics requests = new RequestMetrics(meters);

    @Test
    void methodsOutsideTheKnownSetAndImpossibleStatusesAddNoSeries() {
        RouteMeters route = requests.route("/v2/{name}/blobs/{digest}");
        route.record("GET", 200, 1_000_000, 0, 10);
        route.record("GET", 200, 1_000_000, 0, 10);
        route.record("BREW", 200, 1_000_000, 0, 0);
        route.record("PROPFIND", 200, 1_000_000, 0, 0);
        route.record("GET", 99_999, 1_000_000, 0, 0);

        assertThat(meters.get(Metrics.REQUESTS)
                        .tags("method", "GET", "status", "200")
                        .timer()
                        .count())
                .isEqualTo(2);
        assertThat(meters.get(Metrics.REQUESTS)
                        .tags("method", "OTHER", "status", "200")
                        .timer()
                        .count())
                .isEqualTo(2);
        assertThat(meters.get(Metrics.REQUESTS)
                        .tags("method", "GET", "status", "100")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get(Metrics.REQUESTS).timers()).hasSize(3);
        assertThat(meters.get(Metrics.SENT)
                        .tags("route", "/v2/{name}/blobs/{digest}")
                        .counter()
                        .count())
                .isEqualTo(20);
    }

    @Test
    void uploadsInProgressAreTheRunningHandlersOfUploadRoutes() {
        RouteMeters upload = requests.route("/v2/{name}/blobs/uploads/{uuid}");
        RouteMeters start = requests.route("/v2/{name}/blobs/uploads/");
        RouteMeters blob = requests.route("/v2/{name}/blobs/{digest}");
        upload.handling();
        start.handling();
        blob.handling();
        assertThat(meters.get(Metrics.UPLOADS_ACTIVE).gauge().value()).isEqualTo(2);
        assertThat(meters.get(Metrics.REQUESTS_ACTIVE)
                        .tags("route", "/v2/{name}/blobs/{digest}")
                        .gauge()
                        .value())
                .isEqualTo(1);
        upload.handled();
        start.handled();
        assertThat(meters.get(Metrics.UPLOADS_ACTIVE).gauge().value()).isZero();
        assertThat(requests.route("/v2/{name}/blobs/{digest}")).isSameAs(blob);
    }
}
