package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.Storages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaults() {
        RegistryConfig c = new ConfigLoader().load();
        assertThat(c.listen()).isEqualTo("0.0.0.0:5000");
        assertThat(c.storage()).isEqualTo("./data");
        assertThat(c.uploadPurgeAge()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverFile() throws IOException {
        Path file = Files.writeString(
                dir.resolve("berth.yml"), "listen: 127.0.0.1:1\nstorage: /from/file\nuploads:\n  purge-age: 2h\n");
        RegistryConfig c = new ConfigLoader()
                .file(file)
                .environment(Map.of("BERTH_STORAGE", "/from/env", "BERTH_UPLOADS_PURGE_AGE", "30m"))
                .set(ConfigKey.LISTEN, "127.0.0.1:2")
                .set(ConfigKey.STORAGE, null)
                .load();
        assertThat(c.listen()).isEqualTo("127.0.0.1:2");
        assertThat(c.storage()).isEqualTo("/from/env");
        assertThat(c.uploadPurgeAge()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void yamlListsJoinAndNullsAreErrors() throws IOException {
        Path list = Files.writeString(dir.resolve("list.yml"), "gc:\n  keep: [\"prod/**\", \"base/*\"]\n");
        assertThat(new ConfigLoader().file(list).load().gc().keep()).containsExactly("prod/**", "base/*");
        Path empty = Files.writeString(dir.resolve("null.yml"), "storage:\n");
        assertThatThrownBy(() -> new ConfigLoader().file(empty))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage");
    }

    @Test
    void unknownKeysAndBadDurationsAreErrors() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.yml"), "lisen: 1\n");
        assertThatThrownBy(() -> new ConfigLoader().file(typo))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("lisen");
        assertThatThrownBy(() -> new ConfigLoader()
                        .environment(Map.of("BERTH_SHUTDOWN_TIMEOUT", "soon"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("shutdown-timeout");
    }

    @Test
    void accessLogIsOnUnlessSwitchedOff() throws IOException {
        assertThat(new ConfigLoader().load().http().accessLog()).isTrue();
        Path off = Files.writeString(dir.resolve("off.yml"), "log:\n  access: false\n");
        assertThat(new ConfigLoader().file(off).load().http().accessLog()).isFalse();
        assertThat(new ConfigLoader()
                        .file(off)
                        .environment(Map.of("BERTH_LOG_ACCESS", "true"))
                        .load()
                        .http()
                        .accessLog())
                .isTrue();
        assertThatThrownBy(() -> new ConfigLoader()
                        .environment(Map.of("BERTH_LOG_ACCESS", "quiet"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("log.access");
    }

    @Test
    void metricsListenAndLogFormat() throws IOException {
        RegistryConfig defaults = new ConfigLoader().load();
        assertThat(defaults.metrics().listen()).isEmpty();
        assertThat(defaults.logFormat()).isEqualTo(LogFormat.TEXT);
        Path file =
                Files.writeString(dir.resolve("ops.yml"), "metrics:\n  listen: 127.0.0.1:9102\nlog:\n  format: json\n");
        RegistryConfig c = new ConfigLoader().file(file).load();
        assertThat(c.metrics().listen()).hasValue("127.0.0.1:9102");
        assertThat(c.logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(new ConfigLoader()
                        .environment(Map.of("BERTH_LOG_FORMAT", "JSON"))
                        .load()
                        .logFormat())
                .isEqualTo(LogFormat.JSON);
        assertThatThrownBy(() -> new ConfigLoader()
                        .environment(Map.of("BERTH_LOG_FORMAT", "xml"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("log.format");
    }

    @Test
    void authDefaults() {
        RegistryConfig.AuthConfig a = new ConfigLoader().load().auth();
        assertThat(a.mode()).isEqualTo(RegistryConfig.AuthConfig.Mode.NONE);
        assertThat(a.users()).isEmpty();
        assertThat(a.policy()).isEmpty();
        assertThat(a.realm()).isEmpty();
        assertThat(a.token().service()).isEqualTo("berth");
        assertThat(a.token().issuer()).isEqualTo("berth");
        assertThat(a.token().expiry()).isEqualTo(Duration.ofMinutes(5));
        assertThat(a.token().refreshExpiry()).isEqualTo(Duration.ofDays(30));
        assertThat(a.token().key()).isEqualTo(Path.of("./berth-token-key.jwk"));
        assertThat(a.token().algorithm()).isEqualTo("ES256");
        assertThat(a.external().configured()).isFalse();
        assertThat(a.throttle()).isEqualTo(new RegistryConfig.AuthConfig.Throttle(5, 20, 20, Duration.ofMinutes(1)));
        assertThat(RegistryConfig.defaults().auth()).isEqualTo(a);
    }

    @Test
    void authKeysFromFileAndEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("berth.yml"), """
                auth:
                  mode: token
                  users: /etc/berth/users
                  policy: /etc/berth/policy.yml
                  realm: https://registry.example.com/
                  token:
                    service: registry.example.com
                    expiry: 10m
                    algorithm: rs256
                  external:
                    issuer: https://sso.example.com
                    jwks-url: https://sso.example.com/jwks.json
                    certificates: /etc/berth/ca.pem
                  throttle:
                    failures: 3
                    account-failures: 12
                  trusted-proxies: [10.0.0.0/8, 192.0.2.10]
                """);
        RegistryConfig.AuthConfig a = new ConfigLoader()
                .file(file)
                .environment(Map.of(
                        "BERTH_AUTH_TOKEN_REFRESH_EXPIRY",
                        "7d",
                        "BERTH_AUTH_THROTTLE_WINDOW",
                        "5m",
                        "BERTH_AUTH_TOKEN_KEY",
                        "/var/lib/berth/key.jwk"))
                .load()
                .auth();
        assertThat(a.mode()).isEqualTo(RegistryConfig.AuthConfig.Mode.TOKEN);
        assertThat(a.users()).contains(Path.of("/etc/berth/users"));
        assertThat(a.policy()).contains(Path.of("/etc/berth/policy.yml"));
        assertThat(a.realm()).contains("https://registry.example.com");
        assertThat(a.token().service()).isEqualTo("registry.example.com");
        assertThat(a.token().expiry()).isEqualTo(Duration.ofMinutes(10));
        assertThat(a.token().refreshExpiry()).isEqualTo(Duration.ofDays(7));
        assertThat(a.token().key()).isEqualTo(Path.of("/var/lib/berth/key.jwk"));
        assertThat(a.token().algorithm()).isEqualTo("RS256");
        assertThat(a.external().issuer()).contains("https://sso.example.com");
        assertThat(a.external().jwksUrl()).contains(java.net.URI.create("https://sso.example.com/jwks.json"));
        assertThat(a.external().certificates()).contains(Path.of("/etc/berth/ca.pem"));
        assertThat(a.external().configured()).isTrue();
        assertThat(a.throttle()).isEqualTo(new RegistryConfig.AuthConfig.Throttle(3, 12, 20, Duration.ofMinutes(5)));
        assertThat(a.trustedProxies()).containsExactly("10.0.0.0/8", "192.0.2.10");
    }

    @Test
    void badAuthValuesAreErrors() {
        assertThatThrownBy(() -> new ConfigLoader()
                        .environment(Map.of("BERTH_AUTH_MODE", "ldap"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.mode");
        assertThatThrownBy(() -> new ConfigLoader()
                        .environment(Map.of("BERTH_AUTH_TOKEN_ALGORITHM", "HS256"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.token.algorithm");
        assertThatThrownBy(() -> new ConfigLoader()
                        .environment(Map.of("BERTH_AUTH_REALM", "registry.example"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.realm");
        assertThatThrownBy(() -> new ConfigLoader()
                        .environment(Map.of("BERTH_AUTH_THROTTLE_FAILURES", "0"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.throttle.failures");
    }

    @Test
    void s3KeysReachTheDriverAsTextAndItsErrorsAreConfigErrors() {
        RegistryConfig set = new ConfigLoader()
                .environment(Map.of("BERTH_S3_CONDITIONAL_WRITES", "false", "BERTH_S3_CHUNKED_ENCODING", "TRUE"))
                .load();
        assertThat(set.storageSettings())
                .containsEntry("s3.conditional-writes", "false")
                .containsEntry("s3.chunked-encoding", "TRUE")
                .containsEntry("s3.part-size", "16777216")
                .doesNotContainKey("s3.endpoint");
        RegistryConfig bad = new ConfigLoader()
                .environment(Map.of("BERTH_STORAGE", "s3://bucket/berth", "BERTH_S3_CONDITIONAL_WRITES", "maybe"))
                .load();
        assertThatThrownBy(() -> Storages.open(bad))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("s3.conditional-writes");
    }

    @Test
    void everyKeyHasAnEnvironmentName() {
        assertThat(ConfigKey.UPLOADS_PURGE_INTERVAL.environmentVariable()).isEqualTo("BERTH_UPLOADS_PURGE_INTERVAL");
        assertThat(ConfigKey.AUTH_TOKEN_REFRESH_EXPIRY.environmentVariable())
                .isEqualTo("BERTH_AUTH_TOKEN_REFRESH_EXPIRY");
        assertThat(ConfigKey.AUTH_EXTERNAL_JWKS_URL.environmentVariable()).isEqualTo("BERTH_AUTH_EXTERNAL_JWKS_URL");
    }
}
