package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.RegistryConfig.HttpConfig;
import dev.berth.registry.content.Registry;
import dev.berth.registry.testing.LocalServer;
import dev.berth.storage.memory.InMemoryStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a connection goes on after requests whose bodies are not read, and when a client sends its
 * body too slowly: raw sockets, so that what is on the wire is exactly what the test wrote.
 */
class ConnectionHandlingTest {
    /** Short, so that a stalled client is cut off quickly; each wait below allows far longer. */
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(1);

    private static final int READ_TIMEOUT_MS = 30_000;

    private LocalServer server;

    @BeforeEach
    void start() throws InterruptedException {
        InMemoryStorage storage = new InMemoryStorage();
        Registry registry = new Registry(storage, Clock.systemUTC());
        server = LocalServer.start(registry, new HttpConfig(Duration.ofSeconds(30), BODY_TIMEOUT, true));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void requestAnsweredWithoutReadingItsBodyLeavesTheConnectionUsable() throws IOException {
        try (Socket socket = connect()) {
            send(
                    socket,
                    "POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                            + "PATCH /v2/app/blobs/uploads/no-such-upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789"
                            + "GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 404").contains("UNSUPPORTED");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 404").contains("BLOB_UPLOAD_UNKNOWN");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void bodyThatStallsAfterItsFirstWindowFailsAndClosesTheConnection() throws IOException {
        try (Socket socket = connect()) {
            send(
                    socket,
                    "POST /v2/app/blobs/uploads/?digest=sha256:" + "0".repeat(64) + " HTTP/1.1\r\nHost: x\r\n"
                            + "Content-Length: 1000000\r\n\r\n" + "x".repeat(100_000));
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in))
                    .startsWith("HTTP/1.1 400")
                    .contains("BLOB_UPLOAD_INVALID")
                    .containsIgnoringCase("connection: close");
            assertThat(in.read()).as("connection closed").isEqualTo(-1);
        }
    }

    @Test
    void bodyThatNeverFillsItsFirstWindowFailsWithoutAHandler() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "PUT /v2/app/manifests/latest HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{");
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400").contains("request body incomplete");
            assertThat(in.read()).as("connection closed").isEqualTo(-1);
        }
    }

    @Test
    void continueIsSentOnlyToARequestThatMayGoAhead() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "PUT /nowhere HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            String refused = readResponse(socket.getInputStream());
            assertThat(refused).startsWith("HTTP/1.1 404").containsIgnoringCase("connection: close");
        }
        try (Socket socket = connect()) {
            send(
                    socket,
                    "POST /v2/app/blobs/uploads/?digest=sha256:"
                            + "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 HTTP/1.1\r\nHost: x\r\n"
                            + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 100");
            send(socket, "hello");
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 201");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.address().getPort());
        socket.setSoTimeout(READ_TIMEOUT_MS);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One response: head and a Content-Length body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }
}
