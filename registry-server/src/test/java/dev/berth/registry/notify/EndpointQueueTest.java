package dev.berth.registry.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.registry.metrics.Metrics;
import dev.berth.registry.model.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EndpointQueueTest {
    private static final Source SOURCE = new Source("test:5000", "instance");
    private static final EndpointFilter EVERYTHING = new EndpointFilter(Set.of(Action.values()), List.of(), Set.of());
    private static final long FAR = TimeUnit.MINUTES.toNanos(1);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(EndpointQueue.class);
    private EndpointQueue queue;

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (queue != null) {
            queue.close(System.nanoTime());
            queue.awaitClosed();
        }
        logger.detachAppender(log);
    }

    /** Records the event ids of each envelope; fails the first {@code failures} attempts. */
    static final class Recording implements Delivery {
        final BlockingQueue<List<String>> envelopes = new LinkedBlockingQueue<>();
        final AtomicInteger attempts = new AtomicInteger();
        final BlockingQueue<Integer> failed = new LinkedBlockingQueue<>();
        private final int failures;

        Recording(int failures) {
            this.failures = failures;
        }

        @Override
        public void send(byte[] envelope) throws IOException {
            int attempt = attempts.incrementAndGet();
            if (attempt <= failures) {
                failed.add(attempt);
                throw new IOException("refused");
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode event : Json.MAPPER.readTree(envelope).get("events")) {
                ids.add(event.get("id").asText());
            }
            envelopes.add(ids);
        }

        List<String> next() throws InterruptedException {
            List<String> ids = envelopes.poll(30, TimeUnit.SECONDS);
            assertThat(ids).as("an envelope within 30 s").isNotNull();
            return ids;
        }
    }

    private EndpointQueue queue(int capacity, int batch, Backoff backoff, Delivery delivery) {
        queue = new EndpointQueue("hook", EVERYTHING, capacity, batch, backoff, delivery, meters);
        return queue;
    }

    private static Event event(String id) {
        return new Event(
                id,
                java.time.Instant.EPOCH,
                Action.PUSH,
                Target.deletedTag("app", id),
                new RequestRecord("r", null, null, "PUT", ""),
                null);
    }

    private double counter(String name) {
        return meters.get(name).tag("endpoint", "hook").counter().count();
    }

    private List<String> warnings(String containing) {
        return log.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains(containing))
                .toList();
    }

    @Test
    void aFullQueueDropsNewEventsCountsEachAndWarnsOncePerRun() throws Exception {
        Recording endpoint = new Recording(0);
        EndpointQueue q = queue(2, 1, new Backoff(Duration.ZERO, Duration.ZERO), endpoint);
        for (String id : List.of("e1", "e2", "e3", "e4", "e5")) {
            q.offer(event(id));
        }
        assertThat(q.pending()).isEqualTo(2);
        assertThat(counter(Metrics.NOTIFICATIONS_DROPPED)).isEqualTo(3);
        assertThat(meters.get(Metrics.NOTIFICATIONS_PENDING)
                        .tag("endpoint", "hook")
                        .gauge()
                        .value())
                .isEqualTo(2);
        assertThat(warnings("queue full")).hasSize(1);

        q.start(SOURCE);
        assertThat(endpoint.next()).containsExactly("e1");
        assertThat(endpoint.next()).containsExactly("e2");
        q.offer(event("e6"));
        assertThat(endpoint.next()).containsExactly("e6");
        q.close(System.nanoTime() + FAR);
        q.awaitClosed();

        assertThat(warnings("3 events were dropped")).hasSize(1);
        assertThat(counter(Metrics.NOTIFICATIONS_SENT)).isEqualTo(3);
    }

    @Test
    void failedDeliveriesAreRetriedKeepingTheOrder() throws Exception {
        Recording endpoint = new Recording(3);
        EndpointQueue q = queue(10, 1, new Backoff(Duration.ZERO, Duration.ZERO), endpoint);
        q.offer(event("a"));
        q.offer(event("b"));
        q.start(SOURCE);
        q.offer(event("c"));

        assertThat(endpoint.next()).containsExactly("a");
        assertThat(endpoint.next()).containsExactly("b");
        assertThat(endpoint.next()).containsExactly("c");
        q.close(System.nanoTime() + FAR);
        q.awaitClosed();
        assertThat(counter(Metrics.NOTIFICATIONS_FAILURES)).isEqualTo(3);
        assertThat(counter(Metrics.NOTIFICATIONS_SENT)).isEqualTo(3);
        assertThat(warnings("delivery failed")).hasSize(1);
        assertThat(log.list).anyMatch(e -> e.getFormattedMessage().contains("delivered again after 3 failed attempts"));
    }

    @Test
    void anEnvelopeCarriesUpToTheBatchSize() throws Exception {
        Recording endpoint = new Recording(0);
        EndpointQueue q = queue(10, 3, new Backoff(Duration.ZERO, Duration.ZERO), endpoint);
        for (String id : List.of("e1", "e2", "e3", "e4", "e5")) {
            q.offer(event(id));
        }
        q.start(SOURCE);
        assertThat(endpoint.next()).containsExactly("e1", "e2", "e3");
        assertThat(endpoint.next()).containsExactly("e4", "e5");
    }

    @Test
    void closingSendsWhatIsQueued() throws Exception {
        Recording endpoint = new Recording(0);
        EndpointQueue q = queue(10, 1, new Backoff(Duration.ZERO, Duration.ZERO), endpoint);
        q.offer(event("a"));
        q.offer(event("b"));
        q.start(SOURCE);
        q.close(System.nanoTime() + FAR);
        q.awaitClosed();
        assertThat(endpoint.envelopes).containsExactly(List.of("a"), List.of("b"));
        assertThat(q.pending()).isZero();
    }

    @Test
    void closingStopsAtTheFirstFailureInsteadOfWaitingOutTheBackoff() throws Exception {
        Recording endpoint = new Recording(Integer.MAX_VALUE);
        EndpointQueue q = queue(10, 1, new Backoff(Duration.ofHours(1), Duration.ofHours(1)), endpoint);
        q.offer(event("a"));
        q.offer(event("b"));
        q.start(SOURCE);
        assertThat(endpoint.failed.poll(30, TimeUnit.SECONDS)).isEqualTo(1);

        q.close(System.nanoTime() + FAR);
        q.awaitClosed();

        // The failure that was being waited out, perhaps one more attempt cut short; never a wait of an hour.
        assertThat(endpoint.attempts.get()).isBetween(1, 2);
        assertThat(warnings("stopping with 2 events not sent")).hasSize(1);
    }

    @Test
    void eventsTheFilterRefusesAreNeitherQueuedNorCounted() {
        queue = new EndpointQueue(
                "hook",
                new EndpointFilter(Set.of(Action.DELETE), List.of(), Set.of()),
                1,
                1,
                new Backoff(Duration.ZERO, Duration.ZERO),
                new Recording(0),
                meters);
        queue.offer(event("push-1"));
        queue.offer(event("push-2"));
        assertThat(queue.pending()).isZero();
        assertThat(counter(Metrics.NOTIFICATIONS_DROPPED)).isZero();
    }
}
