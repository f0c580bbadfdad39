package dev.berth.registry.auth;

import java.util.Optional;

/**
 * /**
 * What the HTTP layer needs from the configured auth mode, whose {@code X-Forwarded-For} it may
 * believe about the client's address, and the one background task auth has.
 *
 * @param keyHeartbeat republishes this server's token key to the store, every
 *     {@link #KEY_HEARTBEAT}; does nothing outside token mode
 */
public record Auth(
        String mode,
        AccessControl accessControl,
        Optional<TokenEndpoint> tokens,
        TrustedProxies proxies,
        Runnable keyHeartbeat) {
    public static final java.time.Duration KEY_HEARTBEAT = java.time.Duration.ofHours(1);

    public static Auth none() {
        return new Auth("none", AccessControl.OPEN, Optional.empty(), TrustedProxies.NONE, () -> {});
    }
}
