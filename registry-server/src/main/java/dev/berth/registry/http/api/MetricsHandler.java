package dev.berth.registry.http.api;

import dev.berth.registry.http.Exchange;
import dev.berth.registry.http.Response;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** {@code GET /metrics}: every meter in Prometheus' text format, for a Prometheus server to scrape. */
final class MetricsHandler {
    static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;

    MetricsHandler(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    Response metrics(Exchange x) {
        return Response.of(HttpResponseStatus.OK)
                .header("Cache-Control", "no-store")
                .body(new Response.Bytes(scrape.get().getBytes(StandardCharsets.UTF_8), CONTENT_TYPE));
    }
}
