package dev.berth.registry.logging;

import static dev.berth.registry.testing.AuthFixtures.basic;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.LogFormat;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import dev.berth.registry.testing.AuthFixtures;
import dev.berth.registry.testing.TestClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code log.format: json}: every line a JSON object; access lines name the user and the repository. */
class JsonLogTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();

    @BeforeEach
    void capture() {
        appender.setContext(context);
        appender.setEncoder(LogOutput.json(context));
        appender.setOutputStream(out);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
        appender.stop();
    }

    @Test
    void everyLineIsJsonAndAccessLinesCarryTheirFieldsButNoSecret() throws Exception {
        RegistryConfig config = AuthFixtures.config(dir, AuthConfig.Mode.BASIC)
                .set(
                        ConfigKey.AUTH_USERS,
                        AuthFixtures.usersFile(dir, "alice", "correct-horse").toString())
                .set(ConfigKey.LISTEN, "127.0.0.1:0")
                .set(ConfigKey.STORAGE, dir.resolve("storage").toString())
                .load();
        byte[] manifest;
        try (RegistryServer server = RegistryServer.start(config)) {
            TestClient client = TestClient.on(server.port());
            manifest = client.as(basic("alice", "correct-horse")).pushImage("team/app", "1.0");
            assertThat(client.as(basic("alice", "wrong-horse")).status("GET", "/v2/team/app/tags/list?n=1"))
                    .isEqualTo(401);
            assertThat(client.status("GET", "/v2/team/a%0Ab/tags/list")).isBetween(400, 499);
            awaitAccessLines(5);
        }

        String text = out.toString(StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            JsonNode node = MAPPER.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            for (String field : new String[] {"timestamp", "level", "logger", "thread", "message"}) {
                assertThat(node.path(field).isTextual())
                        .as(field + " in " + line)
                        .isTrue();
            }
            lines.add(node);
        }
        JsonNode put = lines.stream()
                .filter(n -> n.path("logger").asText().equals("berth.access")
                        && n.path("method").asText().equals("PUT"))
                .findFirst()
                .orElseThrow();
        assertThat(put.path("path").asText()).isEqualTo("/v2/team/app/manifests/1.0");
        assertThat(put.path("route").asText()).isEqualTo("/v2/{name}/manifests/{reference}");
        assertThat(put.path("status").isInt()).isTrue();
        assertThat(put.path("status").asInt()).isEqualTo(201);
        assertThat(put.path("bytes_in").asLong()).isEqualTo(manifest.length);
        assertThat(put.path("bytes_out").asLong()).isZero();
        assertThat(put.path("duration_ms").isNumber()).isTrue();
        assertThat(put.path("client").asText()).isEqualTo("127.0.0.1");
        assertThat(put.path("user").asText()).isEqualTo("alice");
        assertThat(put.path("repository").asText()).isEqualTo("team/app");
        assertThat(put.path("message").asText()).endsWith("user=alice repo=team/app");

        JsonNode refused = lines.stream()
                .filter(n -> n.path("status").asInt() == 401
                        && n.path("path").asText().equals("/v2/team/app/tags/list"))
                .findFirst()
                .orElseThrow();
        assertThat(refused.path("user").isNull()).isTrue();
        assertThat(refused.path("repository").asText()).isEqualTo("team/app");
        assertThat(lines).anySatisfy(n -> assertThat(n.path("message").asText())
                .contains("login as 'alice' from 127.0.0.1 failed"));

        for (String secret : new String[] {
            "correct-horse",
            "wrong-horse",
            basic("alice", "correct-horse"),
            Base64.getEncoder().encodeToString("alice:wrong-horse".getBytes(StandardCharsets.UTF_8))
        }) {
            assertThat(text).doesNotContain(secret);
        }
    }

    @Test
    void jsonFormatReplacesTheConsoleEncoder() {
        List<OutputStreamAppender<ILoggingEvent>> streams = new ArrayList<>();
        List<Encoder<ILoggingEvent>> original = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> s && s != appender) {
                streams.add(s);
                original.add(s.getEncoder());
            }
        }
        assertThat(streams).isNotEmpty();
        try {
            LogOutput.use(LogFormat.TEXT);
            assertThat(streams.get(0).getEncoder()).isSameAs(original.get(0));
            LogOutput.use(LogFormat.JSON);
            for (OutputStreamAppender<ILoggingEvent> s : streams) {
                assertThat(s.getEncoder()).isInstanceOf(LayoutWrappingEncoder.class);
                assertThat(((LayoutWrappingEncoder<ILoggingEvent>) s.getEncoder()).getLayout())
                        .isInstanceOf(JsonLayout.class);
            }
        } finally {
            for (int i = 0; i < streams.size(); i++) {
                streams.get(i).setEncoder(original.get(i));
            }
        }
    }

    private void awaitAccessLines(int count) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            String text = out.toString(StandardCharsets.UTF_8);
            if (text.split("\"logger\":\"berth.access\"", -1).length - 1 >= count) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("fewer than " + count + " access lines in " + out.toString(StandardCharsets.UTF_8));
    }
}
