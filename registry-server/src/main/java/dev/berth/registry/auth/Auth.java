package dev.berth.registry.auth;

import java.util.Optional;

/** What the HTTP layer needs from the configured auth mode. */
public record Auth(String mode, AccessControl accessControl, Optional<TokenEndpoint> tokens) {
    public static Auth none() {
        return new Auth("none", AccessControl.OPEN, Optional.empty());
    }
}
