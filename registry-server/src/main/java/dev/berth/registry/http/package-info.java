/**
 * The HTTP layer on Netty. {@link dev.berth.registry.http.HttpServer} starts it;
 * {@link dev.berth.registry.http.RegistryRoutes} lists every endpoint (start reading there);
 * {@link dev.berth.registry.http.RequestDispatcher} moves each request to a blocking thread and
 * streams its body with backpressure; handlers turn requests into calls on
 * {@link dev.berth.registry.content.Registry} and never build storage paths.
 */
package dev.berth.registry.http;
