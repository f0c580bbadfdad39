package dev.berth.registry.auth.token;

import static dev.berth.registry.auth.TokenReply.Outcome.GRANTED;
import static dev.berth.registry.auth.TokenReply.Outcome.INVALID_REQUEST;
import static dev.berth.registry.auth.TokenReply.Outcome.THROTTLED;
import static dev.berth.registry.auth.TokenReply.Outcome.UNAUTHORIZED;
import static dev.berth.registry.auth.TokenReply.Outcome.WRONG_METHOD;
import static dev.berth.registry.testing.AuthFixtures.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.Challenge;
import dev.berth.registry.auth.Logins;
import dev.berth.registry.auth.Policy;
import dev.berth.registry.auth.Throttle;
import dev.berth.registry.auth.TokenReply;
import dev.berth.registry.auth.TokenRequest;
import dev.berth.registry.auth.Users;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import dev.berth.registry.testing.AuthFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltInTokenEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final AuthFixtures.MutableClock clock = new AuthFixtures.MutableClock(AuthFixtures.T0);
    private final AuthFixtures.ManualTicker ticker = new AuthFixtures.ManualTicker();
    private final SigningKey key = TokenVerifierTest.KEY;
    private Path usersFile;
    private BuiltInTokenEndpoint endpoint;
    private TokenVerifier verifier;

    @BeforeEach
    void setUp() throws IOException {
        usersFile = AuthFixtures.usersFile(dir, "alice", "secret", "bob", "hunter2");
        Policy policy = Policy.parse("""
                rules:
                  - subjects: ["*"]
                    repositories: ["public/**"]
                    actions: [pull]
                  - subjects: [authenticated]
                    repositories: ["${user}/**"]
                    actions: ["*"]
                  - subjects: ["user:bob"]
                    repositories: ["team/*"]
                    actions: [pull, push]
                  - subjects: ["user:alice"]
                    registry: [catalog]
                """);
        Logins logins = new Logins(
                Optional.of(Users.load(usersFile, Duration.ZERO)),
                new Throttle(new AuthConfig.Throttle(3, 3, 5, Duration.ofMinutes(1)), ticker));
        TokenIssuer issuer = new TokenIssuer(
                TrustedKeys.only(key, clock), "berth", "registry", Duration.ofMinutes(5), Duration.ofDays(30), clock);
        endpoint = new BuiltInTokenEndpoint(logins, () -> policy, issuer, key);
        verifier = new TokenVerifier(TrustedKeys.only(key, clock), "berth", "registry", Optional.empty(), clock);
    }

    private static Map<String, List<String>> params(String... kv) {
        Map<String, List<String>> out = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return out;
    }

    private TokenReply get(String authorization, String... kv) {
        return endpoint.token(new TokenRequest("GET", params(kv), authorization, "198.51.100.7"));
    }

    private TokenReply post(String... kv) {
        return endpoint.token(new TokenRequest("POST", params(kv), null, "198.51.100.7"));
    }

    private static JsonNode body(TokenReply r) throws IOException {
        return JSON.readTree(r.json());
    }

    private VerifiedToken token(TokenReply r) throws Exception {
        assertThat(r.outcome()).as(new String(r.json())).isEqualTo(GRANTED);
        JsonNode b = body(r);
        assertThat(b.path("access_token").asText()).isEqualTo(b.path("token").asText());
        return verifier.verify(b.path("token").asText());
    }

    @Test
    void getWithBasicCredentialsGrantsTheIntersection() throws Exception {
        TokenReply r = get(
                basic("bob", "hunter2"),
                "service",
                "registry",
                "account",
                "bob",
                "client_id",
                "docker",
                "scope",
                "repository:team/app:pull,push,delete",
                "scope",
                "repository:secret/x:pull",
                "scope",
                "registry:catalog:*",
                "scope",
                "repository:bob/mine:delete");
        VerifiedToken t = token(r);
        assertThat(t.subject()).isEqualTo("bob");
        assertThat(t.access())
                .containsExactly(
                        Access.repository("team/app", "pull", "push"), Access.repository("bob/mine", "delete"));
        JsonNode b = body(r);
        assertThat(b.path("expires_in").asLong()).isEqualTo(300);
        assertThat(b.path("issued_at").asText()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(b.path("scope").asText()).isEqualTo("repository:team/app:pull,push repository:bob/mine:delete");
        assertThat(b.has("refresh_token")).isFalse();
    }

    @Test
    void aScopeNamingAnInvalidRepositoryIsNeverGranted() throws Exception {
        TokenReply r = get(
                basic("alice", "secret"),
                "scope",
                "repository:alice/../bob/secret:pull,push",
                "scope",
                "repository:alice/Upper:pull",
                "scope",
                "repository:alice/ok:pull");
        assertThat(token(r).access()).containsExactly(Access.repository("alice/ok", "pull"));
        assertThat(body(r).path("scope").asText()).isEqualTo("repository:alice/ok:pull");
    }

    @Test
    void spaceSeparatedAndRepeatedScopesOfOneRepositoryMerge() throws Exception {
        VerifiedToken t = token(get(
                basic("bob", "hunter2"),
                "service",
                "registry",
                "scope",
                "repository:team/app:pull repository:team/app:push"));
        assertThat(t.access()).containsExactly(Access.repository("team/app", "pull", "push"));
    }

    @Test
    void withoutCredentialsTheTokenIsAnonymous() throws Exception {
        VerifiedToken t = token(get(
                null,
                "service",
                "registry",
                "scope",
                "repository:public/x:pull,push",
                "scope",
                "repository:bob/x:pull",
                "offline_token",
                "true"));
        assertThat(t.subject()).isNull();
        assertThat(t.access()).containsExactly(Access.repository("public/x", "pull"));
        assertThat(body(get(null, "service", "registry", "offline_token", "true"))
                        .has("refresh_token"))
                .isFalse();
    }

    @Test
    void anUnknownRepositoryOrNoScopeStillGetsAToken() throws Exception {
        assertThat(token(get(basic("alice", "secret"), "scope", "repository:nowhere/x:pull"))
                        .access())
                .isEmpty();
        assertThat(token(get(basic("alice", "secret"), "service", "registry")).access())
                .isEmpty();
        assertThat(token(get(basic("alice", "secret"), "scope", "not-a-scope")).access())
                .isEmpty();
    }

    @Test
    void badCredentialsAre401() throws Exception {
        TokenReply r = get(basic("alice", "wrong"), "service", "registry");
        assertThat(r.outcome()).isEqualTo(UNAUTHORIZED);
        assertThat(r.challenge()).contains(Challenge.basic());
        assertThat(body(r).path("errors").get(0).path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(get(basic("nobody", "x")).outcome()).isEqualTo(UNAUTHORIZED);
        assertThat(get("Bearer x.y.z").outcome()).isEqualTo(UNAUTHORIZED);
    }

    @Test
    void unknownServiceIs400() throws Exception {
        TokenReply r = get(basic("alice", "secret"), "service", "other");
        assertThat(r.outcome()).isEqualTo(INVALID_REQUEST);
        assertThat(body(r).path("error").asText()).isEqualTo("invalid_request");
        assertThat(post("grant_type", "password", "username", "alice", "password", "secret", "service", "x")
                        .outcome())
                .isEqualTo(INVALID_REQUEST);
    }

    @Test
    void anAccountThatIsNotTheSignedInOneIs400() {
        assertThat(get(basic("alice", "secret"), "account", "bob").outcome()).isEqualTo(INVALID_REQUEST);
    }

    @Test
    void offlineTokenAddsARefreshTokenThatRefreshes() throws Exception {
        TokenReply r =
                get(basic("alice", "secret"), "service", "registry", "offline_token", "true", "client_id", "docker");
        String refresh = body(r).path("refresh_token").asText();
        assertThat(refresh).isNotEmpty();
        assertThat(token(r).access()).isEmpty();

        clock.advance(Duration.ofDays(3));
        TokenReply refreshed = post(
                "grant_type",
                "refresh_token",
                "refresh_token",
                refresh,
                "service",
                "registry",
                "client_id",
                "docker",
                "scope",
                "repository:alice/app:pull,push repository:bob/app:pull");
        VerifiedToken t = token(refreshed);
        assertThat(t.subject()).isEqualTo("alice");
        assertThat(t.access()).containsExactly(Access.repository("alice/app", "pull", "push"));
        assertThat(body(refreshed).path("refresh_token").asText()).isEqualTo(refresh);
    }

    @Test
    void postPasswordGrant() throws Exception {
        TokenReply r = post(
                "grant_type",
                "password",
                "username",
                "bob",
                "password",
                "hunter2",
                "service",
                "registry",
                "client_id",
                "podman",
                "scope",
                "repository:team/app:push");
        assertThat(token(r).access()).containsExactly(Access.repository("team/app", "push"));
        assertThat(body(r).has("refresh_token")).isFalse();

        TokenReply offline = post(
                "grant_type",
                "password",
                "username",
                "bob",
                "password",
                "hunter2",
                "service",
                "registry",
                "client_id",
                "podman",
                "access_type",
                "offline");
        assertThat(body(offline).path("refresh_token").asText()).isNotEmpty();

        assertThat(post("grant_type", "password", "username", "bob", "password", "nope")
                        .outcome())
                .isEqualTo(UNAUTHORIZED);
        assertThat(post("grant_type", "password", "username", "bob").outcome()).isEqualTo(INVALID_REQUEST);
    }

    @Test
    void badGrantsAre400() throws Exception {
        TokenReply r = post("grant_type", "authorization_code", "code", "x");
        assertThat(r.outcome()).isEqualTo(INVALID_REQUEST);
        assertThat(body(r).path("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(post("username", "bob").outcome()).isEqualTo(INVALID_REQUEST);
        assertThat(endpoint.token(new TokenRequest("PUT", Map.of(), null, "x")).outcome())
                .isEqualTo(WRONG_METHOD);
    }

    @Test
    void anAccessTokenIsNoRefreshToken() throws Exception {
        String access = body(get(basic("alice", "secret"))).path("token").asText();
        TokenReply r = post("grant_type", "refresh_token", "refresh_token", access, "service", "registry");
        assertThat(r.outcome()).isEqualTo(UNAUTHORIZED);
        assertThat(post("grant_type", "refresh_token", "service", "registry").outcome())
                .isEqualTo(UNAUTHORIZED);
    }

    @Test
    void aRefreshTokenDiesWithItsAccountOrPassword() throws Exception {
        String alice = body(get(basic("alice", "secret"), "offline_token", "true"))
                .path("refresh_token")
                .asText();
        String bob = body(get(basic("bob", "hunter2"), "offline_token", "true"))
                .path("refresh_token")
                .asText();

        Files.writeString(usersFile, "alice:" + AuthFixtures.hash("changed") + "\n");
        Files.setLastModifiedTime(usersFile, FileTime.fromMillis(System.currentTimeMillis() + 5_000));

        assertThat(post("grant_type", "refresh_token", "refresh_token", alice).outcome())
                .isEqualTo(UNAUTHORIZED);
        assertThat(post("grant_type", "refresh_token", "refresh_token", bob).outcome())
                .isEqualTo(UNAUTHORIZED);
        String fresh = body(get(basic("alice", "changed"), "offline_token", "true"))
                .path("refresh_token")
                .asText();
        assertThat(post("grant_type", "refresh_token", "refresh_token", fresh).outcome())
                .isEqualTo(GRANTED);
    }

    @Test
    void failedLoginsAreThrottledWithRetryAfter() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get(basic("alice", "guess" + i)).outcome()).isEqualTo(UNAUTHORIZED);
        }
        TokenReply r = get(basic("alice", "secret"));
        assertThat(r.outcome()).isEqualTo(THROTTLED);
        assertThat(r.retryAfter()).contains(java.time.Duration.ofSeconds(60));
        assertThat(body(r).path("errors").get(0).path("code").asText()).isEqualTo("TOOMANYREQUESTS");
        assertThat(post("grant_type", "password", "username", "alice", "password", "secret")
                        .outcome())
                .isEqualTo(THROTTLED);

        ticker.advance(Duration.ofSeconds(61));
        assertThat(get(basic("alice", "secret")).outcome()).isEqualTo(GRANTED);
    }

    @Test
    void anAddressTryingManyAccountsWaitsExceptForAccountsThatSignedInThere() {
        for (int i = 0; i < 5; i++) {
            assertThat(post("grant_type", "password", "username", "user" + i, "password", "x")
                            .outcome())
                    .isEqualTo(UNAUTHORIZED);
            assertThat(post("grant_type", "password", "username", "bob", "password", "hunter2")
                            .outcome())
                    .isEqualTo(GRANTED);
        }
        TokenReply r = post("grant_type", "password", "username", "user9", "password", "x");
        assertThat(r.outcome()).isEqualTo(THROTTLED);
        assertThat(r.retryAfter().orElseThrow()).isPositive().isLessThanOrEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(get(basic("alice", "secret")).outcome()).isEqualTo(THROTTLED);
        assertThat(get(basic("bob", "hunter2")).outcome()).isEqualTo(GRANTED);
        assertThat(endpoint.token(new TokenRequest("GET", Map.of(), basic("alice", "secret"), "203.0.113.1"))
                        .outcome())
                .isEqualTo(GRANTED);
    }

    @Test
    void someoneGuessingAlicesPasswordElsewhereDoesNotStopHer() throws Exception {
        assertThat(get(basic("alice", "secret")).outcome()).isEqualTo(GRANTED);
        for (int i = 0; i < 10; i++) {
            TokenReply guess =
                    endpoint.token(new TokenRequest("GET", Map.of(), basic("alice", "guess" + i), "203.0.113.66"));
            assertThat(guess.outcome()).isEqualTo(i < 3 ? UNAUTHORIZED : THROTTLED);
        }
        assertThat(endpoint.token(new TokenRequest("GET", Map.of(), basic("alice", "secret"), "203.0.113.66"))
                        .outcome())
                .as("the guesser's address waits, even with the right password")
                .isEqualTo(THROTTLED);
        for (int i = 0; i < 5; i++) {
            assertThat(get(basic("alice", "secret")).outcome()).isEqualTo(GRANTED);
            assertThat(post("grant_type", "password", "username", "alice", "password", "secret")
                            .outcome())
                    .isEqualTo(GRANTED);
        }
    }

    @Test
    void jwksPublishesThePublicKeyOnly() throws Exception {
        JsonNode keys = JSON.readTree(endpoint.jwks()).path("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).path("kid").asText()).isEqualTo(key.keyId());
        assertThat(keys.get(0).path("kty").asText()).isEqualTo("EC");
        assertThat(keys.get(0).has("d")).isFalse();
    }
}
