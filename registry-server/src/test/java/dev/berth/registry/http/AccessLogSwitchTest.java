package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** {@code log.access: false} silences the access log; true (the default) writes a line per request. */
class AccessLogSwitchTest {
    private static final String TWO_REQUESTS = "GET /v2/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            + "GET /v2/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger access = (Logger) LoggerFactory.getLogger("berth.access");
    private Level level;

    @BeforeEach
    void capture() {
        level = access.getLevel();
        access.setLevel(Level.INFO);
        appender.start();
        access.addAppender(appender);
    }

    @AfterEach
    void release() {
        access.detachAppender(appender);
        access.setLevel(level);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void accessLinesFollowTheSwitch(boolean on) throws Exception {
        RegistryConfig config = new ConfigLoader()
                .set(ConfigKey.LISTEN, "127.0.0.1:0")
                .set(ConfigKey.STORAGE, dir.toString())
                .set(ConfigKey.LOG_ACCESS, String.valueOf(on))
                .load();
        try (RegistryServer server = RegistryServer.start(config)) {
            String answers = send(server.port(), TWO_REQUESTS);

            assertThat(answers.split("HTTP/1.1 200", -1)).hasSize(3);
            // The second request was read only after the first one's response was logged (or not).
            if (on) {
                assertThat(appender.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage())
                        .contains("GET /v2/ 200"));
            } else {
                assertThat(appender.list).isEmpty();
            }
        }
    }

    private static String send(int port, String requests) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
