package dev.berth.registry.auth.modes;

import static dev.berth.registry.testing.AuthFixtures.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.AccessControl;
import dev.berth.registry.auth.Auth;
import dev.berth.registry.auth.AuthDecision;
import dev.berth.registry.auth.Challenge;
import dev.berth.registry.auth.TokenEndpoint;
import dev.berth.registry.auth.TokenReply;
import dev.berth.registry.auth.TokenRequest;
import dev.berth.registry.auth.token.TokenMode;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import dev.berth.registry.config.RegistryConfig.AuthConfig.Mode;
import dev.berth.registry.testing.AuthFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthFactoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Auth create(ConfigLoader config) {
        return AuthFactory.create(config.load().auth());
    }

    @Test
    void noneIsOpen() {
        Auth auth = create(AuthFixtures.config(dir, Mode.NONE));
        assertThat(auth.mode()).isEqualTo("none");
        assertThat(auth.tokens()).isEmpty();
        assertThat(auth.accessControl().authorize(null, "x", List.of(Access.catalog()), "http://x"))
                .isInstanceOf(AuthDecision.Allowed.class);
    }

    @Test
    void basicModeNeedsAUsersFileThatExists() throws Exception {
        assertThatThrownBy(() -> create(AuthFixtures.config(dir, Mode.BASIC)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.users");
        assertThatThrownBy(() -> create(AuthFixtures.config(dir, Mode.BASIC)
                        .set(ConfigKey.AUTH_USERS, dir.resolve("none").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not exist");

        Path users = AuthFixtures.usersFile(dir, "alice", "secret");
        Auth auth = create(AuthFixtures.config(dir, Mode.BASIC).set(ConfigKey.AUTH_USERS, users.toString()));
        assertThat(auth.mode()).isEqualTo("basic");
        assertThat(auth.tokens()).isEmpty();
        assertThat(auth.accessControl()
                        .authorize(
                                basic("alice", "secret"),
                                "x",
                                List.of(Access.repository("any/thing", "push")),
                                "http://x"))
                .isInstanceOf(AuthDecision.Allowed.class);
    }

    @Test
    void theModesNameTheirCachesForMetrics() throws Exception {
        assertThat(create(AuthFixtures.config(dir, Mode.NONE)).caches()).isEmpty();
        Path users = AuthFixtures.usersFile(dir, "alice", "secret");
        Auth basic = create(AuthFixtures.config(dir, Mode.BASIC).set(ConfigKey.AUTH_USERS, users.toString()));
        for (int i = 0; i < 2; i++) {
            basic.accessControl()
                    .authorize(
                            basic("alice", "secret"), "x", List.of(Access.repository("any/thing", "pull")), "http://x");
        }
        assertThat(basic.caches()).containsOnlyKeys(Auth.PASSWORD_CACHE);
        assertThat(basic.caches().get(Auth.PASSWORD_CACHE).stats().hitCount()).isEqualTo(1);
        Auth token = create(AuthFixtures.config(dir, Mode.TOKEN).set(ConfigKey.AUTH_USERS, users.toString()));
        assertThat(token.caches()).containsOnlyKeys(Auth.PASSWORD_CACHE, Auth.TOKEN_KEY_CACHE);
        token.caches().values().forEach(cache -> assertThat(cache.policy().isRecordingStats())
                .isTrue());
    }

    @Test
    void aBrokenPolicyStopsTheStart() throws Exception {
        Path users = AuthFixtures.usersFile(dir, "alice", "secret");
        Path policy = Files.writeString(dir.resolve("policy.yml"), "rules: [{subjects: [everyone]}]\n");
        ConfigLoader config = AuthFixtures.config(dir, Mode.BASIC).set(ConfigKey.AUTH_USERS, users.toString());
        assertThatThrownBy(() -> create(config.set(ConfigKey.AUTH_POLICY, policy.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policy.yml");
        assertThatThrownBy(() -> create(config.set(
                        ConfigKey.AUTH_POLICY, dir.resolve("missing.yml").toString())))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void tokenModeWithoutARealmWarnsAtStart() throws Exception {
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(TokenMode.class);
        appender.start();
        logger.addAppender(appender);
        try {
            Path users = AuthFixtures.usersFile(dir, "alice", "secret");
            create(AuthFixtures.config(dir, Mode.TOKEN)
                    .set(ConfigKey.AUTH_USERS, users.toString())
                    .set(ConfigKey.AUTH_REALM, "https://r.example"));
            assertThat(appender.list).isEmpty();
            create(AuthFixtures.config(dir, Mode.TOKEN).set(ConfigKey.AUTH_USERS, users.toString()));
            assertThat(appender.list).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                assertThat(e.getFormattedMessage()).contains("auth.realm");
            });
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void tokenModeGeneratesItsKeyOnceWithMode0600() throws Exception {
        Path users = AuthFixtures.usersFile(dir, "alice", "secret");
        AuthConfig config = AuthFixtures.config(dir, Mode.TOKEN)
                .set(ConfigKey.AUTH_USERS, users.toString())
                .load()
                .auth();
        Auth first = AuthFactory.create(config);
        Path keyFile = config.token().key();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        JWK key = JWK.parse(Files.readString(keyFile));
        assertThat(key.isPrivate()).isTrue();
        assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());

        Auth second = AuthFactory.create(config);
        String kid = JSON.readTree(first.tokens().orElseThrow().jwks())
                .path("keys")
                .get(0)
                .path("kid")
                .asText();
        assertThat(JSON.readTree(second.tokens().orElseThrow().jwks())
                        .path("keys")
                        .get(0)
                        .path("kid")
                        .asText())
                .isEqualTo(kid)
                .isEqualTo(key.getKeyID());
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).doesNotContain(".tmp");
    }

    @Test
    void theKeyMustFitTheAlgorithm() throws Exception {
        Path users = AuthFixtures.usersFile(dir, "alice", "secret");
        ConfigLoader config = AuthFixtures.config(dir, Mode.TOKEN).set(ConfigKey.AUTH_USERS, users.toString());
        create(config);
        config.set(ConfigKey.AUTH_TOKEN_ALGORITHM, "RS256");
        assertThatThrownBy(() -> create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RSA");

        Auth auth = create(
                config.set(ConfigKey.AUTH_TOKEN_KEY, dir.resolve("rsa.jwk").toString()));
        assertThat(JSON.readTree(auth.tokens().orElseThrow().jwks())
                        .path("keys")
                        .get(0)
                        .path("kty")
                        .asText())
                .isEqualTo("RSA");

        Files.writeString(
                dir.resolve("public.jwk"),
                JWK.parse(Files.readString(dir.resolve("rsa.jwk")))
                        .toPublicJWK()
                        .toJSONString());
        assertThatThrownBy(() -> create(config.set(
                        ConfigKey.AUTH_TOKEN_KEY, dir.resolve("public.jwk").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("public key");
        Files.writeString(dir.resolve("junk.jwk"), "{}");
        assertThatThrownBy(() -> create(config.set(
                        ConfigKey.AUTH_TOKEN_KEY, dir.resolve("junk.jwk").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a JWK");
    }

    @Test
    void tokenModeNeedsUsersOrAnExternalIssuerAndSaneExpiries() throws Exception {
        ConfigLoader config = AuthFixtures.config(dir, Mode.TOKEN);
        assertThatThrownBy(() -> create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.users");
        Path users = AuthFixtures.usersFile(dir, "alice", "secret");
        config.set(ConfigKey.AUTH_USERS, users.toString());
        assertThatThrownBy(() -> create(
                        config.set(ConfigKey.AUTH_TOKEN_EXPIRY, "30s").set(ConfigKey.AUTH_TOKEN_REFRESH_EXPIRY, "1d")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("60s");
        assertThatThrownBy(() -> create(
                        config.set(ConfigKey.AUTH_TOKEN_EXPIRY, "2h").set(ConfigKey.AUTH_TOKEN_REFRESH_EXPIRY, "1h")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("refresh-expiry");
    }

    @Test
    void tokenModeEndToEnd() throws Exception {
        Path users = AuthFixtures.usersFile(dir, "alice", "secret");
        Path policy = Files.writeString(dir.resolve("policy.yml"), """
                rules:
                  - subjects: [authenticated]
                    repositories: ["${user}/**"]
                    actions: ["*"]
                  - subjects: ["*"]
                    repositories: ["library/*"]
                    actions: [pull]
                """);
        Auth auth = create(AuthFixtures.config(dir, Mode.TOKEN)
                .set(ConfigKey.AUTH_USERS, users.toString())
                .set(ConfigKey.AUTH_POLICY, policy.toString())
                .set(ConfigKey.AUTH_REALM, "https://registry.example/"));
        assertThat(auth.mode()).isEqualTo("token");
        TokenEndpoint tokens = auth.tokens().orElseThrow();
        AccessControl control = auth.accessControl();

        List<Access> push = List.of(Access.repository("alice/app", "pull", "push"));
        AuthDecision challenge = control.authorize(null, "x", push, "http://ignored");
        assertThat(((AuthDecision.Refused) challenge).challenge())
                .contains(Challenge.bearer("https://registry.example/token", "berth", push, null));

        TokenReply reply = tokens.token(new TokenRequest(
                "GET",
                Map.of("service", List.of("berth"), "scope", List.of("repository:alice/app:pull,push")),
                basic("alice", "secret"),
                "x"));
        JsonNode body = JSON.readTree(reply.json());
        assertThat(reply.outcome()).isEqualTo(TokenReply.Outcome.GRANTED);
        String token = body.path("token").asText();
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getAudience()).containsExactly("berth");
        AuthDecision allowed = control.authorize("Bearer " + token, "x", push, "http://ignored");
        assertThat(allowed).isInstanceOfSatisfying(AuthDecision.Allowed.class, a -> {
            assertThat(a.principal().account()).isEqualTo("alice");
            assertThat(a.principal().may("repository", "library/busybox", "pull"))
                    .isTrue();
            assertThat(a.principal().may("repository", "bob/app", "pull")).isFalse();
        });

        JsonNode anonymous = JSON.readTree(tokens.token(
                        new TokenRequest("GET", Map.of("scope", List.of("repository:library/busybox:pull")), null, "x"))
                .json());
        assertThat(control.authorize(
                        "Bearer " + anonymous.path("token").asText(),
                        "x",
                        List.of(Access.repository("library/busybox", "pull")),
                        "http://x"))
                .isInstanceOf(AuthDecision.Allowed.class);
    }
}
