package dev.berth.registry.auth;

import java.util.Optional;

/**
 * What the HTTP layer needs from the configured auth mode, and whose {@code X-Forwarded-For} it
 * may believe about the client's address.
 */
public record Auth(String mode, AccessControl accessControl, Optional<TokenEndpoint> tokens, TrustedProxies proxies) {
    public static Auth none() {
        return new Auth("none", AccessControl.OPEN, Optional.empty(), TrustedProxies.NONE);
    }
}
