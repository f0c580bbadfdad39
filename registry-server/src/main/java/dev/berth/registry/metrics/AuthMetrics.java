package dev.berth.registry.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Access decisions by outcome: {@code granted}, {@code refused} (401, 403: no, wrong or
 * insufficient credentials) and {@code throttled} (429 after too many failed logins). The source
 * says where it was decided: {@code request} for the check before every guarded API request,
 * {@code token} for logins at the built-in token service. A client's first anonymous
 * {@code GET /v2/} is refused by design (it learns how to log in), so refusals are never zero.
 */
public final class AuthMetrics {
    /** Where the decision was made. */
    public enum Source {
        REQUEST,
        TOKEN
    }

    private final Counter[][] counters = new Counter[Source.values().length][3];

    public AuthMetrics(MeterRegistry registry) {
        for (Source source : Source.values()) {
            String name = source.name().toLowerCase(java.util.Locale.ROOT);
            String[] outcomes = {"granted", "refused", "throttled"};
            for (int i = 0; i < outcomes.length; i++) {
                counters[source.ordinal()][i] = Counter.builder(Metrics.AUTH_DECISIONS)
                        .tag("outcome", outcomes[i])
                        .tag("source", name)
                        .description("access decisions and token-service logins by outcome")
                        .register(registry);
            }
        }
    }

    public void granted(Source source) {
        counters[source.ordinal()][0].increment();
    }

    public void refused(Source source) {
        counters[source.ordinal()][1].increment();
    }

    public void throttled(Source source) {
        counters[source.ordinal()][2].increment();
    }
}
