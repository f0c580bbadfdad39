package dev.berth.registry.auth;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.Map;
import java.util.Optional;

/**
 * /**
 * What the HTTP layer needs from the configured auth mode, whose {@code X-Forwarded-For} it may
 * believe about the client's address, and the one background task auth has.
 *
 * @param keyHeartbeat republishes this server's token key to the store, every
 *     {@link #KEY_HEARTBEAT}; does nothing outside token mode
 * @param caches       the mode's in-memory caches by the name their meters carry: the password
 *     checks of {@code auth.users} ({@code auth-passwords}), the token keys looked up in the store
 *     ({@code token-keys})
 */
public record Auth(
        String mode,
        AccessControl accessControl,
        Optional<TokenEndpoint> tokens,
        TrustedProxies proxies,
        Runnable keyHeartbeat,
        Map<String, Cache<?, ?>> caches) {
    public static final java.time.Duration KEY_HEARTBEAT = java.time.Duration.ofHours(1);
    /** The name of the password-check cache's meters. */
    public static final String PASSWORD_CACHE = "auth-passwords";
    /** The name of the token key cache's meters. */
    public static final String TOKEN_KEY_CACHE = "token-keys";

    public static Auth none() {
        return new Auth("none", AccessControl.OPEN, Optional.empty(), TrustedProxies.NONE, () -> {}, Map.of());
    }
}
