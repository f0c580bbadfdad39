/**
 * The HTTP layer on Netty. {@link dev.berth.registry.http.HttpServer} starts it;
 * {@link dev.berth.registry.http.RegistryRoutes} lists every endpoint (start reading there);
 * {@link dev.berth.registry.http.RequestDispatcher} routes each request and has its access checked
 * before it takes a blocking thread, enforces the header and body timeouts, and streams the body
 * to the handler a window at a time ({@link dev.berth.registry.http.InboundBody}); handlers turn
 * requests into calls on
 * {@link dev.berth.registry.content.Registry} and never build storage paths. Status codes and
 * headers are made here only: {@link dev.berth.registry.http.ErrorResponses} turns every refusal,
 * typed ones included, into its status, headers and error envelope.
 */
package dev.berth.registry.http;
