package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.jwk.JWK;
import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A client cannot write a line of its own into the log: not through the request path (ESC, NUL),
 * nor through a token's {@code alg} header (a newline and a forged access line).
 */
class LogForgingTest {
    private static final String FORGED = "203.0.113.9 GET /v2/secret 200 in=0 out=0 ms=1";

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level level;

    @BeforeEach
    void capture() {
        level = root.getLevel();
        root.setLevel(Level.DEBUG);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
        root.setLevel(level);
    }

    @Test
    void controlCharactersFromPathsAndTokenHeadersAreEscapedInEveryLogLine() throws Exception {
        Files.writeString(
                dir.resolve("users"),
                "alice:" + BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, "pw".toCharArray()) + "\n");
        RegistryConfig config = new ConfigLoader()
                .set(ConfigKey.LISTEN, "127.0.0.1:0")
                .set(ConfigKey.STORAGE, dir.resolve("storage").toString())
                .set(ConfigKey.AUTH_MODE, "token")
                .set(ConfigKey.AUTH_USERS, dir.resolve("users").toString())
                .set(ConfigKey.AUTH_TOKEN_KEY, dir.resolve("key.jwk").toString())
                .load();
        try (RegistryServer server = RegistryServer.start(config)) {
            String kid = JWK.parse(Files.readString(dir.resolve("key.jwk"))).getKeyID();
            String header = b64("{\"alg\":\"ES256\\n" + FORGED + "\",\"kid\":\"" + kid + "\"}");
            String token = header + "." + b64("{\"sub\":\"alice\"}") + "." + b64("sig");

            String tokenAnswer = send(
                    server.port(),
                    "GET /v2/ HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Authorization: Bearer " + token
                            + "\r\nConnection: close\r\n\r\n");
            String pathAnswer = send(
                    server.port(),
                    "GET /v2/a\u001b[2Jb\u0000c/tags/list HTTP/1.1\r\n"
                            + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n");

            assertThat(tokenAnswer).startsWith("HTTP/1.1 401");
            assertThat(pathAnswer).startsWith("HTTP/1.1 4");
            List<String> lines = awaitLines(2);
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("ES256\\n" + FORGED));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("/v2/a\\u001b[2Jb\\u0000c/tags/list"));
            for (String line : lines) {
                assertThat(line)
                        .doesNotContain("\n")
                        .doesNotContain("\r")
                        .doesNotContain("\u001b")
                        .doesNotContain("\u0000");
            }
        }
    }

    /** Every log line so far, once at least {@code accessLines} access lines are among them. */
    private List<String> awaitLines(int accessLines) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<ILoggingEvent> events = List.copyOf(appender.list);
            if (events.stream()
                            .filter(e -> e.getLoggerName().equals("berth.access"))
                            .count()
                    >= accessLines) {
                return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("access lines missing from " + appender.list);
    }

    private static String send(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
