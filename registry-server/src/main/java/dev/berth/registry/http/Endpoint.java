package dev.berth.registry.http;

/** Handles one method of one route. */
@FunctionalInterface
public interface Endpoint {
    Response handle(Exchange exchange);
}
