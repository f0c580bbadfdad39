package dev.berth.registry.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.Map;

/**
 * The server's in-memory caches as meters: Micrometer's {@code cache.gets} (tagged {@code result}
 * {@code hit} or {@code miss}), {@code cache.puts}, {@code cache.evictions} and {@code cache.size},
 * each tagged {@code cache} with the cache's name. The caches must record statistics
 * ({@code Caffeine.recordStats()}), else gets and evictions stay at zero.
 */
public final class CacheMetrics {
    private CacheMetrics() {}

    /** Registers the meters of each cache under its name. */
    public static void bind(MeterRegistry registry, Map<String, ? extends Cache<?, ?>> caches) {
        caches.forEach((name, cache) -> CaffeineCacheMetrics.monitor(registry, cache, name));
    }
}
