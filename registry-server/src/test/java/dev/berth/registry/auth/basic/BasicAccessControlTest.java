package dev.berth.registry.auth.basic;

import static dev.berth.registry.testing.AuthFixtures.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.AuthDecision;
import dev.berth.registry.auth.Challenge;
import dev.berth.registry.auth.Logins;
import dev.berth.registry.auth.Policy;
import dev.berth.registry.auth.Throttle;
import dev.berth.registry.auth.Users;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.testing.AuthFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicAccessControlTest {
    private static final String BASE = "https://registry.example";

    @TempDir
    Path dir;

    private final AuthFixtures.ManualTicker ticker = new AuthFixtures.ManualTicker();
    private BasicAccessControl control;

    @BeforeEach
    void setUp() throws IOException {
        Path users = AuthFixtures.usersFile(dir, "alice", "secret", "bob", "hunter2");
        Policy policy = Policy.parse("""
                rules:
                  - subjects: ["*"]
                    repositories: ["public/*"]
                    actions: [pull]
                  - subjects: ["user:alice"]
                    repositories: ["**"]
                    actions: ["*"]
                    registry: [catalog]
                  - subjects: [authenticated]
                    repositories: ["${user}/*"]
                    actions: [pull, push]
                """);
        Logins logins = new Logins(
                Optional.of(Users.load(users, Duration.ZERO)),
                new Throttle(new AuthConfig.Throttle(3, 3, 10, Duration.ofMinutes(1)), ticker));
        control = new BasicAccessControl(logins, () -> policy);
    }

    private AuthDecision authorize(String authorization, Access... required) {
        return control.authorize(authorization, "192.0.2.1", List.of(required), BASE);
    }

    private static void assertUnauthorized(AuthDecision d) {
        assertThat(d).isInstanceOfSatisfying(AuthDecision.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(r.challenge()).contains(Challenge.basic());
        });
    }

    @Test
    void theBaseEndpointNeedsCredentials() {
        assertUnauthorized(authorize(null));
        assertThat(authorize(basic("bob", "hunter2"))).isInstanceOf(AuthDecision.Allowed.class);
    }

    @Test
    void anonymousGetsWhatThePolicyGrantsEveryoneElseAChallenge() {
        assertThat(authorize(null, Access.repository("public/app", "pull")))
                .isInstanceOfSatisfying(
                        AuthDecision.Allowed.class,
                        a -> assertThat(a.principal().account()).isNull());
        assertUnauthorized(authorize(null, Access.repository("public/app", "push")));
        assertUnauthorized(authorize(null, Access.repository("private/app", "pull")));
    }

    @Test
    void signedInAccountsGetWhatThePolicyGrantsThemElseDenied() {
        AuthDecision d = authorize(basic("bob", "hunter2"), Access.repository("bob/app", "pull", "push"));
        assertThat(d).isInstanceOfSatisfying(AuthDecision.Allowed.class, a -> {
            assertThat(a.principal().account()).isEqualTo("bob");
            assertThat(a.principal().may("repository", "bob/other", "push")).isTrue();
            assertThat(a.principal().may("repository", "alice/app", "pull")).isFalse();
            assertThat(a.principal().may("repository", "public/x", "pull")).isTrue();
        });
        assertThat(authorize(basic("bob", "hunter2"), Access.repository("alice/app", "pull")))
                .isInstanceOfSatisfying(AuthDecision.Refused.class, r -> {
                    assertThat(r.code()).isEqualTo(ErrorCode.DENIED);
                    assertThat(r.challenge()).isEmpty();
                    assertThat(r.retryAfter()).isEmpty();
                });
        assertThat(authorize(basic("bob", "hunter2"), Access.catalog())).isInstanceOf(AuthDecision.Refused.class);
        assertThat(authorize(basic("alice", "secret"), Access.catalog(), Access.repository("x/y", "delete")))
                .isInstanceOf(AuthDecision.Allowed.class);
    }

    @Test
    void badOrForeignCredentialsAreUnauthorized() {
        assertUnauthorized(authorize(basic("bob", "wrong"), Access.repository("public/app", "pull")));
        assertUnauthorized(authorize(basic("nobody", "x"), Access.repository("public/app", "pull")));
        assertUnauthorized(authorize("Basic !!!notbase64", Access.repository("public/app", "pull")));
        assertUnauthorized(authorize("Bearer abc.def.ghi", Access.repository("public/app", "pull")));
    }

    @Test
    void repeatedFailuresAreThrottledWithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            assertUnauthorized(authorize(basic("alice", "guess" + i)));
        }
        AuthDecision d = authorize(basic("alice", "secret"));
        assertThat(d).isInstanceOfSatisfying(AuthDecision.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.TOOMANYREQUESTS);
            assertThat(r.retryAfter()).contains(Duration.ofSeconds(60));
        });
        assertThat(authorize(basic("bob", "hunter2"))).isInstanceOf(AuthDecision.Allowed.class);
        ticker.advance(Duration.ofMinutes(1));
        assertThat(authorize(basic("alice", "secret"))).isInstanceOf(AuthDecision.Allowed.class);
    }

    @Test
    void someoneGuessingAlicesPasswordElsewhereDoesNotStopHer() {
        assertThat(authorize(basic("alice", "secret"))).isInstanceOf(AuthDecision.Allowed.class);
        for (int i = 0; i < 10; i++) {
            control.authorize(basic("alice", "guess" + i), "203.0.113.66", List.of(), BASE);
        }
        assertThat(control.authorize(basic("alice", "secret"), "203.0.113.66", List.of(), BASE))
                .isInstanceOfSatisfying(
                        AuthDecision.Refused.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.TOOMANYREQUESTS));
        assertThat(authorize(basic("alice", "secret"), Access.repository("alice/app", "push")))
                .isInstanceOf(AuthDecision.Allowed.class);
    }
}
