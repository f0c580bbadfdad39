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
            assertThat(throttle.attempt("user" + i, "10.0.0.1")).isEmpty();
            if (i < 4) {
                assertThat(throttle.attempt("mine", "10.0.0.1")).isEmpty();
                throttle.success("mine", "10.0.0.1");
            }
        }
        assertThat(throttle.blocked("mine", "10.0.0.1")).isPresent();
        assertThat(throttle.blocked("mine", "10.0.0.2")).isEmpty();
    }

    @Test
    void aSuccessClearsItsAccount() {
        throttle.failure("alice", "10.0.0.1");
        throttle.failure("alice", "10.0.0.2");
        assertThat(throttle.attempt("alice", "10.0.0.9")).isEmpty();
        throttle.success("alice", "10.0.0.9");
        throttle.failure("alice", "10.0.0.3");
        throttle.failure("alice", "10.0.0.4");
        assertThat(throttle.blocked("alice", "10.0.0.5")).isEmpty();
    }

    @Test
    void parallelAttemptsCannotAllPassTheLimit() throws Exception {
        java.util.concurrent.atomic.AtomicInteger admitted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Thread t = new Thread(() -> {
                if (throttle.attempt("alice", "10.0.0.1").isEmpty()) {
                    admitted.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(admitted).hasValue(3);
    }

    @Test
    void retryAfterRoundsUp() {
        assertThat(Throttle.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(Throttle.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(Throttle.retryAfterSeconds(Duration.ofSeconds(60))).isEqualTo(60);
    }
}
