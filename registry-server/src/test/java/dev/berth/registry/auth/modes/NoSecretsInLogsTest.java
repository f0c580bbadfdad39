package dev.berth.registry.auth.modes;

import static dev.berth.registry.testing.AuthFixtures.basic;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.auth.Auth;
import dev.berth.registry.auth.TokenEndpoint;
import dev.berth.registry.auth.TokenRequest;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import dev.berth.registry.logging.JsonLayout;
import dev.berth.registry.testing.AuthFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Every path that logs, at DEBUG, with secrets in play: none of them may appear in a log line. */
class NoSecretsInLogsTest {
    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.berth.registry.auth");
    private Level level;

    @BeforeEach
    void capture() {
        level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(level);
    }

    @Test
    void passwordsHeadersAndTokensNeverReachTheLog() throws Exception {
        List<String> secrets = logEverything();

        List<String> lines =
                appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("'alice'").contains("192.0.2.1"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("forged\\nline"));
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
            }
            assertThat(line).doesNotContain("\n").doesNotContain("eyJ");
        }
    }

    /** The same with {@code log.format: json}: each event is one JSON line, and no secret is in any. */
    @Test
    void norInTheJsonFormat() throws Exception {
        List<String> secrets = logEverything();

        JsonLayout layout = new JsonLayout();
        layout.start();
        List<String> lines = appender.list.stream().map(layout::doLayout).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(line).endsWith(System.lineSeparator());
            String object =
                    line.substring(0, line.length() - System.lineSeparator().length());
            assertThat(object).doesNotContain("\n").doesNotContain("\r").doesNotContain("eyJ");
            assertThat(new ObjectMapper().readTree(object).path("message").isTextual())
                    .isTrue();
            for (String secret : secrets) {
                assertThat(object).doesNotContain(secret);
            }
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("'alice'").contains("192.0.2.1"));
    }

    /** Goes through every path of the token service and access control that logs; returns the secrets in play. */
    private List<String> logEverything() throws Exception {
        List<String> secrets = new ArrayList<>(List.of("correct-horse", "wrong-horse", "forged\nline"));
        Path users = AuthFixtures.usersFile(dir, "alice", "correct-horse");
        AuthConfig config = AuthFixtures.config(dir, AuthConfig.Mode.TOKEN)
                .set(ConfigKey.AUTH_USERS, users.toString())
                .set(ConfigKey.AUTH_THROTTLE_FAILURES, "2")
                .set(ConfigKey.AUTH_THROTTLE_ACCOUNT_FAILURES, "2")
                .set(ConfigKey.AUTH_THROTTLE_ADDRESS_FAILURES, "10")
                .load()
                .auth();
        Auth auth = AuthFactory.create(config);
        TokenEndpoint tokens = auth.tokens().orElseThrow();

        byte[] ok = tokens.token(new TokenRequest(
                        "GET",
                        Map.of(
                                "scope",
                                List.of("repository:a:pull"),
                                "offline_token",
                                List.of("true"),
                                "client_id",
                                List.of("cli\nent")),
                        basic("alice", "correct-horse"),
                        "192.0.2.1"))
                .json();
        var body = new ObjectMapper().readTree(ok);
        String token = body.path("token").asText();
        String refresh = body.path("refresh_token").asText();
        secrets.addAll(List.of(token, refresh, basic("alice", "correct-horse"), basic("alice", "wrong-horse")));

        tokens.token(new TokenRequest("GET", Map.of(), basic("alice", "wrong-horse"), "192.0.2.1"));
        tokens.token(new TokenRequest("GET", Map.of(), basic("forged\nline", "wrong-horse"), "192.0.2.1"));
        tokens.token(new TokenRequest("GET", Map.of(), basic("alice", "wrong-horse"), "192.0.2.1"));
        tokens.token(new TokenRequest(
                "POST",
                Map.of(
                        "grant_type",
                        List.of("password"),
                        "username",
                        List.of("alice"),
                        "password",
                        List.of("correct-horse")),
                null,
                "192.0.2.1"));
        tokens.token(new TokenRequest(
                "POST",
                Map.of("grant_type", List.of("refresh_token"), "refresh_token", List.of(token)),
                null,
                "192.0.2.1"));
        auth.accessControl().authorize("Bearer " + refresh, "192.0.2.1", List.of(), "http://x");
        auth.accessControl().authorize("Bearer " + token + "x", "192.0.2.1", List.of(), "http://x");
        return secrets;
    }
}
