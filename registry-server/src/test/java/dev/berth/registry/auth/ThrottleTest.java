package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.RegistryConfig.AuthConfig;
import dev.berth.registry.testing.AuthFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThrottleTest {
    private final AuthFixtures.ManualTicker ticker = new AuthFixtures.ManualTicker();
    /** 3 failures per account and address, 5 per account from unknown addresses, 4 per address. */
    private final Throttle throttle = new Throttle(new AuthConfig.Throttle(3, 5, 4, Duration.ofMinutes(1)), ticker);

    private void fail(String account, String address) {
        assertThat(throttle.attempt(account, address))
                .as("%s from %s", account, address)
                .isInstanceOf(Throttle.Admitted.class);
    }

    private void succeed(String account, String address) {
        Throttle.Verdict v = throttle.attempt(account, address);
        assertThat(v).as("%s from %s", account, address).isInstanceOf(Throttle.Admitted.class);
        throttle.success((Throttle.Admitted) v);
    }

    private boolean admitted(String account, String address) {
        return throttle.attempt(account, address) instanceof Throttle.Admitted;
    }

    @Test
    void aGuesserStopsHimselfNotTheOwner() {
        succeed("alice", "198.51.100.7");
        for (int i = 0; i < 3; i++) {
            fail("alice", "203.0.113.66");
        }
        assertThat(throttle.attempt("alice", "203.0.113.66")).isEqualTo(new Throttle.Wait(Duration.ofMinutes(1)));
        for (int i = 0; i < 20; i++) {
            succeed("alice", "198.51.100.7");
        }
        // The owner from a new address is not stopped either: one guesser is below the account limit.
        succeed("alice", "192.0.2.44");
        ticker.advance(Duration.ofSeconds(45));
        assertThat(throttle.attempt("alice", "203.0.113.66")).isEqualTo(new Throttle.Wait(Duration.ofSeconds(15)));
        ticker.advance(Duration.ofSeconds(15));
        assertThat(admitted("alice", "203.0.113.66")).isTrue();
    }

    @Test
    void guessesSpreadOverAddressesAreLimitedExceptAtAddressesTheAccountSignedInFrom() {
        succeed("alice", "198.51.100.7");
        for (int i = 0; i < 5; i++) {
            fail("alice", "203.0.113." + i);
        }
        assertThat(admitted("alice", "203.0.113.99")).isFalse();
        assertThat(admitted("bob", "203.0.113.99")).isTrue();
        succeed("alice", "198.51.100.7");
    }

    @Test
    void anAddressGuessingManyAccountsWaitsButNotForAccountsThatSignedInFromThere() {
        succeed("carol", "10.0.0.1");
        for (int i = 0; i < 4; i++) {
            fail("user" + i, "10.0.0.1");
        }
        assertThat(admitted("user9", "10.0.0.1")).isFalse();
        assertThat(admitted("dave", "10.0.0.1")).isFalse();
        succeed("carol", "10.0.0.1");
        assertThat(admitted("user9", "10.0.0.2")).isTrue();
    }

    @Test
    void signingIntoOnesOwnAccountDoesNotResetTheAddressCount() {
        for (int i = 0; i < 4; i++) {
            fail("user" + i, "10.0.0.1");
            if (i < 3) {
                succeed("mine", "10.0.0.1");
            }
        }
        assertThat(admitted("user9", "10.0.0.1")).isFalse();
    }

    @Test
    void theOwnerMistypingAtAKnownAddressIsLimitedThereAndASuccessClearsIt() {
        succeed("alice", "198.51.100.7");
        fail("alice", "198.51.100.7");
        fail("alice", "198.51.100.7");
        succeed("alice", "198.51.100.7");
        for (int i = 0; i < 3; i++) {
            fail("alice", "198.51.100.7");
        }
        assertThat(admitted("alice", "198.51.100.7")).isFalse();
    }

    @Test
    void parallelAttemptsCannotAllPassTheLimit() throws Exception {
        AtomicInteger admitted = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Thread t = new Thread(() -> {
                if (throttle.attempt("alice", "10.0.0.1") instanceof Throttle.Admitted) {
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
}
