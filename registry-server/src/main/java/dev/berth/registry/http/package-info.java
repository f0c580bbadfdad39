/**
 * The Netty transport of Berth's HTTP API. {@link dev.berth.registry.http.HttpServer} starts it
 * with the routes the API declares ({@link dev.berth.registry.http.api.RegistryRoutes});
 * {@link dev.berth.registry.http.RequestDispatcher} routes each request through the
 * {@link dev.berth.registry.http.Router} and has its access checked before it takes a blocking
 * thread, enforces the header and body timeouts, and streams the body to the handler a window at a
 * time ({@link dev.berth.registry.http.InboundBody}); {@link dev.berth.registry.http.ResponseWriter}
 * writes the answer, which is then counted under its route template
 * ({@link dev.berth.registry.metrics.RouteMeters}) and logged ({@code AccessLog}). Over HTTPS each
 * connection starts with an {@code SslHandler} from {@link dev.berth.registry.http.tls.ServerTls}.
 * Status codes and headers are made in this package and in
 * {@code http.api} only: {@link dev.berth.registry.http.ErrorResponses} turns every refusal, typed
 * ones included, into its status, headers and error envelope. Start reading at
 * {@link dev.berth.registry.http.RequestDispatcher}.
 */
package dev.berth.registry.http;
