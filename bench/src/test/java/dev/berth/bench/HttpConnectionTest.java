package dev.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {
    private HttpServer server;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fixed", exchange -> {
            byte[] body = "x".repeat(200_000).getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/v2/a/blobs/uploads/u?_state=s");
            exchange.sendResponseHeaders(202, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 3; i++) {
                    out.write("hello ".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsLengthAndChunkedBodiesOnOneKeptAliveConnection() {
        try (HttpConnection c = new HttpConnection(server.getAddress().getPort())) {
            Response fixed = c.send("GET", "/fixed", "", null, false);
            Response chunked = c.send("PUT", "/chunked", "", Body.bytes(new byte[70_000]), true);
            Response kept = c.send("GET", "/fixed", "", null, true);

            assertThat(fixed.status()).isEqualTo(202);
            assertThat(fixed.bodyLength()).isEqualTo(200_000);
            assertThat(fixed.body()).isEmpty();
            assertThat(RegistryClient.path(fixed.location())).isEqualTo("/v2/a/blobs/uploads/u?_state=s");
            assertThat(chunked.text()).isEqualTo("hello hello hello ");
            assertThat(kept.body()).hasSize(200_000);
        }
    }
}
