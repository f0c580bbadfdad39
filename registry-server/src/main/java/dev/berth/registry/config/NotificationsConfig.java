package dev.berth.registry.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code notifications.*} keys: webhook endpoints that receive registry events in
 * distribution's notification envelope. Like every part of {@link RegistryConfig}, built by
 * {@link ConfigLoader} from keys only.
 *
 * @param endpoints every configured endpoint, disabled ones included, in configuration order
 */
public record NotificationsConfig(List<Endpoint> endpoints) {
    /** The actions an endpoint receives when its {@code actions} are not given: all but pulls. */
    static final List<String> DEFAULT_ACTIONS = List.of("push", "mount", "delete");
    /** Every action there is. */
    public static final List<String> ACTIONS = List.of("push", "pull", "mount", "delete");

    public NotificationsConfig {
        endpoints = List.copyOf(endpoints);
    }

    public static NotificationsConfig none() {
        return new NotificationsConfig(List.of());
    }

    /**
     * One webhook endpoint.
     *
     * @param name              names the endpoint in logs and metrics; unique
     * @param url               where envelopes are POSTed (http or https)
     * @param headers           extra request headers, each with one or more values
     * @param timeout           how long one delivery attempt (connect and answer) may take
     * @param backoff           the wait after the first failed attempt; it doubles with each
     *     further failure up to {@code maxBackoff}
     * @param maxBackoff        the longest wait between attempts
     * @param queueSize         events held for the endpoint while it is slow or down; past it,
     *     new events are dropped
     * @param batchSize         the most events sent in one envelope
     * @param repositories      repository patterns the endpoint hears about; empty: all
     * @param actions           the actions it hears about (push, pull, mount, delete)
     * @param ignoredMediaTypes target media types it never hears about
     * @param disabled          true: configured but sent nothing
     */
    public record Endpoint(
            String name,
            URI url,
            Map<String, List<String>> headers,
            Duration timeout,
            Duration backoff,
            Duration maxBackoff,
            int queueSize,
            int batchSize,
            List<String> repositories,
            List<String> actions,
            List<String> ignoredMediaTypes,
            boolean disabled) {
        static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
        static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
        static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
        static final int DEFAULT_QUEUE_SIZE = 10_000;
        static final int DEFAULT_BATCH_SIZE = 1;

        public Endpoint {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            headers = java.util.Collections.unmodifiableMap(copy);
            repositories = List.copyOf(repositories);
            actions = List.copyOf(actions);
            ignoredMediaTypes = List.copyOf(ignoredMediaTypes);
            if (timeout.isNegative() || timeout.isZero() || backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
                throw new ConfigException("notifications endpoint " + name
                        + ": timeout must be positive and max-backoff at least backoff");
            }
            if (queueSize < 1 || batchSize < 1) {
                throw new ConfigException(
                        "notifications endpoint " + name + ": queue-size and batch-size must be positive");
            }
        }
    }
}
