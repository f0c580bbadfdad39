package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code notifications.endpoints}: a YAML list in the file, the same list as JSON in the environment. */
class NotificationsConfigTest {
    @TempDir
    Path dir;

    private List<NotificationsConfig.Endpoint> fromFile(String yaml) throws IOException {
        return new ConfigLoader()
                .file(Files.writeString(dir.resolve("berth.yml"), yaml))
                .load()
                .notifications()
                .endpoints();
    }

    @Test
    void noneByDefault() {
        assertThat(RegistryConfig.defaults().notifications().endpoints()).isEmpty();
    }

    @Test
    void endpointsFromTheFileWithDistributionsHeaderListsAndDefaultsForTheRest() throws IOException {
        var endpoints = fromFile("""
                notifications:
                  endpoints:
                    - name: ci
                      url: https://hooks.example.com/registry
                      headers:
                        Authorization: [Bearer abc]
                        X-Team: [a, b]
                      timeout: 500ms
                      backoff: 2s
                      max-backoff: 5m
                      queue-size: 50
                      batch-size: 10
                      repositories: [team/**, base/*]
                      actions: [push, PULL]
                      ignored-media-types: application/octet-stream
                    - name: audit
                      url: http://audit:8080/events
                      disabled: true
                """);
        assertThat(endpoints).hasSize(2);
        var ci = endpoints.get(0);
        assertThat(ci.name()).isEqualTo("ci");
        assertThat(ci.url()).isEqualTo(URI.create("https://hooks.example.com/registry"));
        assertThat(ci.headers())
                .containsEntry("Authorization", List.of("Bearer abc"))
                .containsEntry("X-Team", List.of("a", "b"));
        assertThat(ci.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(ci.backoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(ci.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ci.queueSize()).isEqualTo(50);
        assertThat(ci.batchSize()).isEqualTo(10);
        assertThat(ci.repositories()).containsExactly("team/**", "base/*");
        assertThat(ci.actions()).containsExactly("push", "pull");
        assertThat(ci.ignoredMediaTypes()).containsExactly("application/octet-stream");
        assertThat(ci.disabled()).isFalse();

        var audit = endpoints.get(1);
        assertThat(audit.disabled()).isTrue();
        assertThat(audit.headers()).isEmpty();
        assertThat(audit.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(audit.backoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(audit.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(audit.queueSize()).isEqualTo(10_000);
        assertThat(audit.batchSize()).isEqualTo(1);
        assertThat(audit.repositories()).isEmpty();
        assertThat(audit.actions()).containsExactly("push", "mount", "delete");
        assertThat(audit.ignoredMediaTypes()).isEmpty();
    }

    @Test
    void theEnvironmentTakesTheSameListAsJson() {
        var endpoints = new ConfigLoader()
                .environment(
                        Map.of(
                                "BERTH_NOTIFICATIONS_ENDPOINTS",
                                "[{\"name\":\"ci\",\"url\":\"http://127.0.0.1:9/hook\",\"headers\":{\"Authorization\":\"Bearer x\"}}]"))
                .load()
                .notifications()
                .endpoints();
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("ci");
            assertThat(e.headers()).containsEntry("Authorization", List.of("Bearer x"));
        });
    }

    @Test
    void mistakesAreConfigErrorsNamingTheEndpointAndNeverAHeaderValue() throws IOException {
        assertError("[{name: ci}]", "url is required");
        assertError("[{url: 'http://h/'}]", "name is required");
        assertError("[{name: ci, url: 'ftp://h/'}]", "http or https");
        assertError("[{name: ci, url: 'http://h/', threshold: 5}]", "unknown field 'threshold'");
        assertError("[{name: ci, url: 'http://h/', actions: [push, tag]}]", "action 'tag'");
        assertError("[{name: ci, url: 'http://h/', repositories: ['Team/*']}]", "repository pattern");
        assertError("[{name: ci, url: 'http://h/', timeout: soon}]", "timeout");
        assertError("[{name: ci, url: 'http://h/', queue-size: 0}]", "queue-size");
        assertError(
                "[{name: ci, url: 'http://h/', headers: {Content-Type: text/plain}}]", "'Content-Type' cannot be set");
        assertError("[{name: ci, url: 'http://h/'}, {name: ci, url: 'http://i/'}]", "two endpoints are named 'ci'");
        assertError("{name: ci, url: 'http://h/'}", "expected a list");
        assertThatThrownBy(() -> load("[{name: ci, url: 'http://h/', headers: {Authorization: \"secret\\nvalue\"}}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Authorization")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> load("[{name: ci, url: 'http://h/', headers: {Authorization: [\"secret"))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("secret");
    }

    private void assertError(String value, String message) {
        assertThatThrownBy(() -> load(value))
                .as(value)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    private static RegistryConfig load(String value) {
        return new ConfigLoader()
                .environment(Map.of("BERTH_NOTIFICATIONS_ENDPOINTS", value))
                .load();
    }
}
