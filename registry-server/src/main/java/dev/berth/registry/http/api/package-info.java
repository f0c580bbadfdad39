/**
 * Berth's HTTP API on top of the transport in {@code http}: start reading at
 * {@link dev.berth.registry.http.api.RegistryRoutes}, which lists every endpoint with the access it
 * needs. Each handler turns requests into calls on {@link dev.berth.registry.content.Registry}
 * and its answers into {@link dev.berth.registry.http.Response}s, and reports what succeeded to
 * {@link dev.berth.registry.notify.Notifier} through {@code EventReporter}; handlers never build
 * storage paths and never decide dedup, promotion or mount sources (content does).
 */
package dev.berth.registry.http.api;
