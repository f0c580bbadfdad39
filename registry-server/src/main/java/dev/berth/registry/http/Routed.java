package dev.berth.registry.http;

/**
 * A request after routing, which runs on the event loop: either its answer already (no such
 * endpoint, method not allowed, invalid name), or the endpoint to call with its exchange.
 */
sealed interface Routed {
    record Answer(Response response) implements Routed {
    }

    record Call(Guarded endpoint, Exchange exchange) implements Routed {
    }
}
