package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.Challenge;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthHeadersTest {

    @Test
    void basicNamesTheRealm() {
        assertThat(AuthHeaders.wwwAuthenticate(Challenge.basic())).isEqualTo("Basic realm=\"berth\"");
    }

    @Test
    void bearerNamesRealmServiceEveryScopeAndTheError() {
        assertThat(AuthHeaders.wwwAuthenticate(Challenge.bearer(
                        "http://localhost:5000/token",
                        "registry",
                        List.of(Access.repository("a/b", "pull", "push"), Access.repository("c", "pull")),
                        null)))
                .isEqualTo("Bearer realm=\"http://localhost:5000/token\",service=\"registry\","
                        + "scope=\"repository:a/b:pull,push repository:c:pull\"");
        assertThat(AuthHeaders.wwwAuthenticate(Challenge.bearer("http://x/token", "registry", List.of(), null)))
                .isEqualTo("Bearer realm=\"http://x/token\",service=\"registry\"");
        assertThat(AuthHeaders.wwwAuthenticate(Challenge.bearer(
                        "http://x/token", "r\"s", List.of(Access.repository("a", "pull")), "invalid_token")))
                .isEqualTo("Bearer realm=\"http://x/token\",service=\"r\\\"s\",scope=\"repository:a:pull\","
                        + "error=\"invalid_token\"");
    }

    @Test
    void retryAfterRoundsUp() {
        assertThat(AuthHeaders.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(AuthHeaders.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(AuthHeaders.retryAfterSeconds(Duration.ofSeconds(60))).isEqualTo(60);
    }
}
