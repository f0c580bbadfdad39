package dev.berth.registry.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.http.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Readiness bounds a hung probe by its timeout and never runs more than one probe at a time. */
class HealthHandlerTest {

    @Test
    void aStormOfCallsReusesOneVerdict() {
        AtomicInteger probes = new AtomicInteger();
        try (HealthHandler health =
                new HealthHandler(probes::incrementAndGet, Duration.ofSeconds(30), Duration.ofHours(1))) {
            for (int i = 0; i < 50; i++) {
                assertThat(health.ready(null).status().code()).isEqualTo(200);
            }
        }
        assertThat(probes).hasValue(1);
    }

    @Test
    void aHungStoreIsUnreadyAfterTheTimeoutAndIsNotProbedAgainMeanwhile() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Runnable hanging = () -> {
            probes.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (HealthHandler health = new HealthHandler(hanging, Duration.ofMillis(200), Duration.ofHours(1))) {
            for (int i = 0; i < 3; i++) {
                Response r = health.ready(null);
                assertThat(r.status().code()).isEqualTo(503);
                assertThat(body(r)).contains("did not answer within 200 ms");
            }
            assertThat(probes).as("probes started while the first one hangs").hasValue(1);
            release.countDown();
        }
    }

    @Test
    void livenessNeverProbes() {
        AtomicInteger probes = new AtomicInteger();
        try (HealthHandler health =
                new HealthHandler(probes::incrementAndGet, Duration.ofSeconds(2), Duration.ofSeconds(1))) {
            assertThat(health.live(null).status().code()).isEqualTo(200);
        }
        assertThat(probes).hasValue(0);
    }

    private static String body(Response r) {
        return new String(((Response.Bytes) r.body()).content(), StandardCharsets.UTF_8);
    }
}
