/**
 * What Berth measures, for Prometheus: start reading at {@link dev.berth.registry.metrics.Metrics},
 * which builds the one registry a server has (with the JVM and process meters) and names every
 * meter. The HTTP layer records requests per route template ({@link
 * dev.berth.registry.metrics.RequestMetrics}) and access decisions ({@link
 * dev.berth.registry.metrics.AuthMetrics}); {@link dev.berth.registry.metrics.MeteredStorage} wraps
 * whichever storage driver is configured; {@link dev.berth.registry.metrics.GcMetrics} hears
 * garbage collection's reports; webhook endpoints count their deliveries under the names here;
 * {@link dev.berth.registry.metrics.CacheMetrics} meters the in-memory caches of content and auth.
 * Every tag value comes from a fixed set (route templates, methods, statuses, outcomes, configured
 * endpoint names): nothing a client sends becomes a label, so the number of series is bounded.
 */
package dev.berth.registry.metrics;
