package dev.berth.registry.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.berth.registry.model.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A webhook receiver on 127.0.0.1 that records each POST per path; it can be stopped and started again on its port. */
final class Receiver implements AutoCloseable {
    /** One notification as it arrived. */
    record Delivery(String contentType, String authorization, JsonNode envelope) {}

    private final Map<String, BlockingQueue<Delivery>> byPath = new ConcurrentHashMap<>();
    private HttpServer server;
    private int port;

    /** Listens on {@code port} (0: any free one). */
    Receiver start(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 50);
        server.createContext("/", exchange -> {
            try (exchange) {
                JsonNode envelope =
                        Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
                deliveries(exchange.getRequestURI().getPath())
                        .add(new Delivery(
                                exchange.getRequestHeaders().getFirst("Content-Type"),
                                exchange.getRequestHeaders().getFirst("Authorization"),
                                envelope));
                exchange.sendResponseHeaders(202, -1);
            }
        });
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    int port() {
        return port;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    void stop() {
        server.stop(0);
    }

    BlockingQueue<Delivery> deliveries(String path) {
        return byPath.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    /** The next notification sent to {@code path}. */
    Delivery next(String path) throws InterruptedException {
        Delivery d = deliveries(path).poll(30, TimeUnit.SECONDS);
        if (d == null) {
            throw new AssertionError("no notification at " + path + " within 30 s");
        }
        return d;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
