package dev.berth.registry.auth.basic;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.berth.registry.auth.Auth;
import dev.berth.registry.auth.AuthFiles;
import dev.berth.registry.auth.Logins;
import dev.berth.registry.auth.Policy;
import dev.berth.registry.auth.Throttle;
import dev.berth.registry.auth.TrustedProxies;
import dev.berth.registry.auth.Users;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds auth mode {@code basic}: needs {@code auth.users}; {@code auth.policy} optional. */
public final class BasicMode {
    private static final Logger LOG = LoggerFactory.getLogger(BasicMode.class);

    private BasicMode() {}

    public static Auth create(AuthConfig config, Ticker ticker) {
        Path usersFile = config.users()
                .orElseThrow(() -> new ConfigException(
                        "auth.users: basic mode needs a users file (create one with 'berth user add')"));
        Users users = AuthFiles.users(usersFile);
        Logins logins = new Logins(Optional.of(users), new Throttle(config.throttle(), ticker));
        Supplier<Policy> policy = AuthFiles.policy(config);
        LOG.debug(
                "auth basic: users {}, policy {}",
                usersFile,
                config.policy().map(Path::toString).orElse("default"));
        return new Auth(
                "basic",
                new BasicAccessControl(logins, policy),
                Optional.empty(),
                TrustedProxies.of(config.trustedProxies()),
                () -> {},
                Map.of(Auth.PASSWORD_CACHE, users.checks()));
    }
}
