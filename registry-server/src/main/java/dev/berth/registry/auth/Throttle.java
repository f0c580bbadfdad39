package dev.berth.registry.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.time.Duration;

/**
 * Limits password guessing without letting the guesser lock out the account's owner. Failed logins
 * are counted within a window, three ways:
 *
 * <ul>
 *   <li>per account and client address: past {@code failures}, that address must wait before
 *       trying that account again. A guesser stops himself, not the owner elsewhere.
 *   <li>per account, from addresses it has not signed in from lately: past {@code accountFailures},
 *       every such address must wait for that account. Guesses spread over many addresses stay
 *       limited; the owner, at an address the account signed in from before, is not stopped.
 *   <li>per client address, over all accounts: past {@code addressFailures}, the address must wait
 *       for every account that has not signed in from it lately. One guesser behind a NAT does not
 *       lock out colleagues who use the registry from there.
 * </ul>
 *
 * An address "the account signed in from lately" is one with a successful login within
 * {@link #KNOWN_FOR}. Waiting lasts until the window has passed since the last counted failure;
 * refused attempts are not counted, and never checked, so a refusal says nothing about a password.
 */
public final class Throttle {
    /** How long a successful login makes its address known for the account. */
    static final Duration KNOWN_FOR = Duration.ofDays(7);

    private record Failures(int count, long lastNanos) {}

    /** What {@link #attempt} decides. */
    sealed interface Verdict permits Wait, Admitted {}

    /** Not now: try again after {@code retryAfter}. */
    record Wait(Duration retryAfter) implements Verdict {}

    /** Let through, and counted as a failure until {@link #success} says otherwise. */
    record Admitted(String account, String address, boolean knownAddress) implements Verdict {}

    private final int pairLimit;
    private final int accountLimit;
    private final int addressLimit;
    private final long windowNanos;
    private final Ticker ticker;
    private final Cache<String, Failures> pairs;
    private final Cache<String, Failures> accounts;
    private final Cache<String, Failures> addresses;
    private final Cache<String, Boolean> known;

    public Throttle(AuthConfig.Throttle config, Ticker ticker) {
        this.pairLimit = config.failures();
        this.accountLimit = config.accountFailures();
        this.addressLimit = config.addressFailures();
        this.windowNanos = config.window().toNanos();
        this.ticker = ticker;
        this.pairs = cache(config.window(), ticker);
        this.accounts = cache(config.window(), ticker);
        this.addresses = cache(config.window(), ticker);
        this.known = Caffeine.newBuilder()
                .expireAfterWrite(KNOWN_FOR)
                .maximumSize(100_000)
                .ticker(ticker)
                .build();
    }

    private static <V> Cache<String, V> cache(Duration window, Ticker ticker) {
        return Caffeine.newBuilder()
                .expireAfterWrite(window)
                .maximumSize(100_000)
                .ticker(ticker)
                .build();
    }

    /**
     * Starts a login of {@code account} from {@code address}. An admitted attempt is counted as a
     * failure at once: counting before the slow password check keeps parallel guesses from all
     * passing the limit.
     */
    synchronized Verdict attempt(String account, String address) {
        long now = ticker.read();
        boolean knownAddress = known.getIfPresent(pair(account, address)) != null;
        long wait = remaining(pairs, pair(account, address), pairLimit, now);
        if (!knownAddress) {
            wait = Math.max(
                    wait,
                    Math.max(
                            remaining(accounts, account, accountLimit, now),
                            remaining(addresses, address, addressLimit, now)));
        }
        if (wait > 0) {
            return new Wait(Duration.ofNanos(wait));
        }
        count(pairs, pair(account, address), now);
        count(addresses, address, now);
        if (!knownAddress) {
            count(accounts, account, now);
        }
        return new Admitted(account, address, knownAddress);
    }

    /**
     * The admitted login succeeded: its address is known for the account from now on, its
     * failures for the account are cleared (the owner knows the password there), and the other
     * counters get back the one failure the attempt had counted, but no more: signing into an
     * account of one's own does not reset what was counted against others.
     */
    synchronized void success(Admitted login) {
        pairs.invalidate(pair(login.account(), login.address()));
        uncount(addresses, login.address());
        if (!login.knownAddress()) {
            uncount(accounts, login.account());
        }
        known.put(pair(login.account(), login.address()), Boolean.TRUE);
    }

    private static String pair(String account, String address) {
        return account + '\0' + address;
    }

    private void count(Cache<String, Failures> cache, String key, long now) {
        if (key != null) {
            cache.asMap().compute(key, (k, f) -> new Failures(f == null ? 1 : f.count() + 1, now));
        }
    }

    private static void uncount(Cache<String, Failures> cache, String key) {
        if (key != null) {
            cache.asMap()
                    .computeIfPresent(
                            key, (k, f) -> f.count() <= 1 ? null : new Failures(f.count() - 1, f.lastNanos()));
        }
    }

    private long remaining(Cache<String, Failures> cache, String key, int limit, long now) {
        Failures f = key == null ? null : cache.getIfPresent(key);
        if (f == null || f.count() < limit) {
            return 0;
        }
        return Math.max(0, f.lastNanos() + windowNanos - now);
    }
}
