package dev.berth.registry.http;

/** Handles one method of one route. */
@FunctionalInterface
interface Endpoint {
    Response handle(Exchange exchange);
}
