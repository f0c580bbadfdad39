package dev.berth.registry.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * Counts failed logins per account and per client address. A failure starts (or prolongs) a
 * window; once a counter reaches its limit, further attempts are refused without checking the
 * password until {@code window} has passed since the last counted failure.
 *
 * <p>A successful login clears its account's counter (the owner knows the password) but not its
 * address's: an attacker trying one password on many accounts must not reset the address limit by
 * logging into an account of their own in between.
 */
final class Throttle {
    private record Failures(int count, long lastNanos) {
    }

    private final int accountLimit;
    private final int addressLimit;
    private final long windowNanos;
    private final Ticker ticker;
    private final Cache<String, Failures> accounts;
    private final Cache<String, Failures> addresses;

    Throttle(AuthConfig.Throttle config, Ticker ticker) {
        this.accountLimit = config.accountFailures();
        this.addressLimit = config.addressFailures();
        this.windowNanos = config.window().toNanos();
        this.ticker = ticker;
        this.accounts = cache(config.window(), ticker);
        this.addresses = cache(config.window(), ticker);
    }

    private static Cache<String, Failures> cache(Duration window, Ticker ticker) {
        return Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).ticker(ticker).build();
    }

    /** How long the caller must wait before trying again; empty when they may try now. */
    Optional<Duration> blocked(String account, String address) {
        long now = ticker.read();
        long wait = Math.max(remaining(accounts, account, accountLimit, now),
                remaining(addresses, address, addressLimit, now));
        return wait > 0 ? Optional.of(Duration.ofNanos(wait)) : Optional.empty();
    }

    synchronized void failure(String account, String address) {
        long now = ticker.read();
        count(accounts, account, now);
        count(addresses, address, now);
    }

    /**
     * Starts a login: empty when it may go ahead, in which case it already counts as a failure for
     * both the account and the address until {@link #success} says otherwise. Counting before the
     * slow password check keeps parallel guesses from all passing the limit at once.
     */
    synchronized Optional<Duration> attempt(String account, String address) {
        Optional<Duration> wait = blocked(account, address);
        if (wait.isEmpty()) {
            failure(account, address);
        }
        return wait;
    }

    /**
     * The login begun by {@link #attempt} succeeded: its account's counter is cleared (the owner
     * knows the password) and the address gets back the one failure the attempt had counted, but
     * no more.
     */
    synchronized void success(String account, String address) {
        if (account != null) {
            accounts.invalidate(account);
        }
        if (address != null) {
            addresses.asMap().computeIfPresent(address,
                    (k, f) -> f.count() <= 1 ? null : new Failures(f.count() - 1, f.lastNanos()));
        }
    }

    private void count(Cache<String, Failures> cache, String key, long now) {
        if (key != null) {
            cache.asMap().compute(key, (k, f) -> new Failures(f == null ? 1 : f.count() + 1, now));
        }
    }

    private long remaining(Cache<String, Failures> cache, String key, int limit, long now) {
        Failures f = key == null ? null : cache.getIfPresent(key);
        if (f == null || f.count() < limit) {
            return 0;
        }
        return Math.max(0, f.lastNanos() + windowNanos - now);
    }

    /** Whole seconds for {@code Retry-After}, rounded up so a client never comes back too early. */
    static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
