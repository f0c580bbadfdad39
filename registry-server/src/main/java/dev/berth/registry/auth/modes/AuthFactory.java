package dev.berth.registry.auth.modes;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.berth.registry.auth.Auth;
import dev.berth.registry.auth.KeyDirectory;
import dev.berth.registry.auth.basic.BasicMode;
import dev.berth.registry.auth.token.TokenMode;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.time.Clock;

/**
 * Builds the {@link Auth} of the configured mode, reading every file it names up front so that a
 * missing or broken users file, policy, key or certificate bundle stops the server at start with
 * a {@link ConfigException} rather than at the first login.
 *
 * <ul>
 *   <li>{@code none}: {@link Auth#none()}.
 *   <li>{@code basic}: {@link BasicMode}.
 *   <li>{@code token}: {@link TokenMode}.
 * </ul>
 */
public final class AuthFactory {
    private AuthFactory() {}

    /** Auth for a server of its own: in token mode it trusts its own key alone. */
    public static Auth create(AuthConfig config) {
        return create(config, KeyDirectory.NONE);
    }

    /**
     * Auth for a server sharing a store: in token mode it publishes its key in {@code keys} at once
     * and trusts the keys the store's other servers published there.
     */
    public static Auth create(AuthConfig config, KeyDirectory keys) {
        return create(config, keys, Clock.systemUTC(), Ticker.systemTicker());
    }

    static Auth create(AuthConfig config, KeyDirectory keys, Clock clock, Ticker ticker) {
        return switch (config.mode()) {
            case NONE -> Auth.none();
            case BASIC -> BasicMode.create(config, ticker);
            case TOKEN -> TokenMode.create(config, keys, clock, ticker);
        };
    }
}
