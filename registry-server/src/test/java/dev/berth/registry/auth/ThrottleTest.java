package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottleTest {
    private final TestFixtures.ManualTicker ticker = new TestFixtures.ManualTicker();
    private final Throttle throttle = new Throttle(new AuthConfig.Throttle(3, 5, Duration.ofMinutes(1)), ticker);

    @Test
    void anAccountIsBlockedAfterItsLimitUntilTheWindowPasses() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.blocked("alice", "10.0.0." + i)).isEmpty();
            throttle.failure("alice", "10.0.0." + i);
        }
        assertThat(throttle.blocked("alice", "10.0.0.9")).contains(Duration.ofMinutes(1));
        assertThat(throttle.blocked("bob", "10.0.0.9")).isEmpty();
        ticker.advance(Duration.ofSeconds(45));
        assertThat(throttle.blocked("alice", "10.0.0.9")).contains(Duration.ofSeconds(15));
        ticker.advance(Duration.ofSeconds(15));
        assertThat(throttle.blocked("alice", "10.0.0.9")).isEmpty();
    }

    @Test
    void anAddressIsBlockedAcrossAccountsAndASuccessDoesNotClearIt() {
        for (int i = 0; i < 5; i++) {
            throttle.failure("user" + i, "10.0.0.1");
            throttle.success("mine");
        }
        assertThat(throttle.blocked("mine", "10.0.0.1")).isPresent();
        assertThat(throttle.blocked("mine", "10.0.0.2")).isEmpty();
    }

    @Test
    void aSuccessClearsItsAccount() {
        throttle.failure("alice", "10.0.0.1");
        throttle.failure("alice", "10.0.0.2");
        throttle.success("alice");
        throttle.failure("alice", "10.0.0.3");
        throttle.failure("alice", "10.0.0.4");
        assertThat(throttle.blocked("alice", "10.0.0.5")).isEmpty();
    }

    @Test
    void retryAfterRoundsUp() {
        assertThat(Throttle.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(Throttle.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(Throttle.retryAfterSeconds(Duration.ofSeconds(60))).isEqualTo(60);
    }
}
