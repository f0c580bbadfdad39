package dev.berth.registry.auth;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link Auth} of the configured mode, reading every file it names up front so that a
 * missing or broken users file, policy, key or certificate bundle stops the server at start with
 * a {@link ConfigException} rather than at the first login.
 *
 * <ul>
 *   <li>{@code none}: {@link Auth#none()}.
 *   <li>{@code basic}: needs {@code auth.users}; {@code auth.policy} optional.
 *   <li>{@code token}: Berth's token service at {@code /token}, signing with
 *       {@code auth.token.key} (generated when missing); needs {@code auth.users} unless tokens
 *       come only from an external issuer ({@code auth.external.*}).
 * </ul>
 */
public final class AuthFactory {
    private static final Logger LOG = LoggerFactory.getLogger(AuthFactory.class);
    private static final Duration MIN_TOKEN_EXPIRY = Duration.ofSeconds(60);

    private AuthFactory() {
    }

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
            case BASIC -> basic(config, ticker);
            case TOKEN -> token(config, keys, clock, ticker);
        };
    }

    private static Auth basic(AuthConfig config, Ticker ticker) {
        Path usersFile = config.users().orElseThrow(() ->
                new ConfigException("auth.users: basic mode needs a users file (create one with 'berth user add')"));
        Logins logins = new Logins(Optional.of(users(usersFile)), new Throttle(config.throttle(), ticker));
        Supplier<Policy> policy = policy(config);
        LOG.debug("auth basic: users {}, policy {}", usersFile, config.policy().map(Path::toString).orElse("default"));
        return new Auth("basic", new BasicAccessControl(logins, policy), Optional.empty(),
                TrustedProxies.of(config.trustedProxies()), () -> { });
    }

    private static Auth token(AuthConfig config, KeyDirectory keys, Clock clock, Ticker ticker) {
        AuthConfig.Token t = config.token();
        if (t.expiry().compareTo(MIN_TOKEN_EXPIRY) < 0) {
            throw new ConfigException("auth.token.expiry: at least 60s (clients assume a token lives that long)");
        }
        if (t.refreshExpiry().compareTo(t.expiry()) < 0) {
            throw new ConfigException("auth.token.refresh-expiry: must not be shorter than auth.token.expiry");
        }
        Optional<ExternalKeys> external = ExternalKeys.create(config.external(), clock);
        if (config.users().isEmpty() && external.isEmpty()) {
            throw new ConfigException("auth.users: token mode needs a users file (create one with 'berth user add') "
                    + "or an external issuer (auth.external.*)");
        }
        Optional<Users> users = config.users().map(AuthFactory::users);
        Supplier<Policy> policy = policy(config);
        SigningKey key = SigningKey.loadOrGenerate(t.key(), t.algorithm());
        TrustedKeys trusted = new TrustedKeys(key, keys, () -> published(config, key), clock, ticker);
        trusted.heartbeat();
        TokenIssuer issuer = new TokenIssuer(trusted, t.issuer(), t.service(), t.expiry(), t.refreshExpiry(), clock);
        TokenVerifier verifier = new TokenVerifier(trusted, t.issuer(), t.service(), external, clock);
        Logins logins = new Logins(users, new Throttle(config.throttle(), ticker));
        Optional<String> realm = config.external().realm()
                .or(() -> config.realm().map(r -> r + TokenEndpoint.TOKEN_PATH));
        if (realm.isEmpty()) {
            LOG.warn("auth.realm is not set: token challenges name a realm built from each request's Host header, "
                    + "which clients write; set auth.realm to the registry's external URL (https://registry.example.com)");
        }
        AccessControl access = new TokenAccessControl(verifier, Optional.of(policy), realm, t.service());
        LOG.debug("auth token: service '{}', issuer '{}', key {} ({}, kid {}), users {}, policy {}{}", t.service(),
                t.issuer(), t.key(), key.algorithm(), key.keyId(), users.map(u -> u.path().toString()).orElse("none"),
                config.policy().map(Path::toString).orElse("default"),
                external.map(e -> ", external issuer '" + e.issuer() + "'").orElse(""));
        return new Auth("token", access, Optional.of(new BuiltInTokenEndpoint(logins, policy, issuer, key)),
                TrustedProxies.of(config.trustedProxies()), trusted::heartbeat);
    }

    /** What this server publishes about its key: the settings every server of the store must share. */
    private static PublishedKey published(AuthConfig config, SigningKey key) {
        AuthConfig.Token t = config.token();
        return new PublishedKey(key.publicKey().toJSONObject(), t.issuer(), t.service(), key.algorithm().getName(),
                config.realm().orElse(""), config.users().map(AuthFactory::sha256).orElse(""),
                config.policy().map(AuthFactory::sha256).orElse(""), t.refreshExpiry().toSeconds(),
                TrustedKeys.HEARTBEAT.toSeconds());
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return "unreadable";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Users users(Path file) {
        requireFile("auth.users", file);
        return Users.load(file);
    }

    private static Supplier<Policy> policy(AuthConfig config) {
        if (config.policy().isEmpty()) {
            return () -> Policy.DEFAULT;
        }
        Path file = config.policy().get();
        requireFile("auth.policy", file);
        return new ReloadingFile<>(file, Policy::load)::get;
    }

    private static void requireFile(String key, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(key + ": " + file + " does not exist or is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigException(key + ": " + file + " is not readable");
        }
    }
}
