package dev.berth.registry.http;

import dev.berth.registry.metrics.RouteMeters;

/**
 * A request after routing, which runs on the event loop: either its answer already (no such
 * endpoint, method not allowed, invalid name), or the endpoint to call with its exchange. Both
 * carry the meters of the route template the path matched ({@code unmatched} when none did).
 */
sealed interface Routed {
    RouteMeters route();

    record Answer(Response response, RouteMeters route) implements Routed {}

    /** {@code base} is the registry's URL as this client sees it, for auth challenges. */
    record Call(Guarded endpoint, Exchange exchange, String base, RouteMeters route) implements Routed {}
}
