package dev.berth.registry.notify;

import dev.berth.registry.config.NotificationsConfig;
import dev.berth.registry.model.RepositoryGlob;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured webhook endpoints, each with its own {@link EndpointQueue}: an event goes to
 * every endpoint that wants it, and one slow or dead endpoint delays no other and no request.
 * Sending starts with {@link #start}, once the server knows its address; {@link #close} sends
 * what is still queued, for a short grace period and only while the endpoints accept it.
 */
public final class WebhookNotifier implements Notifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    private final List<EndpointQueue> endpoints;
    private final Duration flushGrace;

    WebhookNotifier(List<EndpointQueue> endpoints, Duration flushGrace) {
        this.endpoints = List.copyOf(endpoints);
        this.flushGrace = flushGrace;
    }

    /**
     * The enabled endpoints of {@code config}, counting in {@code meters}.
     *
     * @param flushGrace how long {@link #close} keeps sending what is queued
     */
    public static WebhookNotifier create(NotificationsConfig config, MeterRegistry meters, Duration flushGrace) {
        List<EndpointQueue> queues = config.endpoints().stream()
                .filter(endpoint -> !endpoint.disabled())
                .map(endpoint -> {
                    EndpointFilter filter = new EndpointFilter(
                            endpoint.actions().stream().map(Action::parse).collect(Collectors.toSet()),
                            endpoint.repositories().stream()
                                    .map(RepositoryGlob::new)
                                    .toList(),
                            java.util.Set.copyOf(endpoint.ignoredMediaTypes()));
                    LOG.info(
                            "notifications to {}: {} (actions {}, repositories {}, timeout {}, queue {})",
                            endpoint.name(),
                            withoutSecrets(endpoint.url()),
                            endpoint.actions(),
                            endpoint.repositories().isEmpty() ? "all" : endpoint.repositories(),
                            endpoint.timeout(),
                            endpoint.queueSize());
                    return new EndpointQueue(
                            endpoint.name(),
                            filter,
                            endpoint.queueSize(),
                            endpoint.batchSize(),
                            new Backoff(endpoint.backoff(), endpoint.maxBackoff()),
                            new HttpDelivery(endpoint.url(), endpoint.headers(), endpoint.timeout()),
                            meters);
                })
                .toList();
        return new WebhookNotifier(queues, flushGrace);
    }

    /** True when no endpoint is enabled, so nothing need ever be reported. */
    public boolean isEmpty() {
        return endpoints.isEmpty();
    }

    /** Starts sending, naming {@code source} as where the events come from. */
    public void start(Source source) {
        endpoints.forEach(endpoint -> endpoint.start(source));
    }

    @Override
    public boolean wants(Action action, String repository) {
        for (EndpointQueue endpoint : endpoints) {
            if (endpoint.wants(action, repository)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void publish(Event event) {
        for (EndpointQueue endpoint : endpoints) {
            try {
                endpoint.offer(event);
            } catch (RuntimeException e) {
                LOG.warn("notifications to {}: could not queue an event", endpoint.name(), e);
            }
        }
    }

    /** Sends what is queued for at most the flush grace (stopping at an endpoint's first failure), then stops. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + flushGrace.toNanos();
        endpoints.forEach(endpoint -> endpoint.close(deadline));
        try {
            for (EndpointQueue endpoint : endpoints) {
                endpoint.awaitClosed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The URL for logs: scheme, host, port and path; user info and query may hold credentials. */
    private static String withoutSecrets(java.net.URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }
}
