package dev.berth.registry.auth.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.berth.registry.auth.AccessControl;
import dev.berth.registry.auth.Auth;
import dev.berth.registry.auth.AuthFiles;
import dev.berth.registry.auth.KeyDirectory;
import dev.berth.registry.auth.Logins;
import dev.berth.registry.auth.Policy;
import dev.berth.registry.auth.Throttle;
import dev.berth.registry.auth.TokenEndpoint;
import dev.berth.registry.auth.TrustedProxies;
import dev.berth.registry.auth.Users;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds auth mode {@code token}: Berth's token service at {@code /token}, signing with
 * {@code auth.token.key} (generated when missing); needs {@code auth.users} unless tokens come only
 * from an external issuer ({@code auth.external.*}).
 */
public final class TokenMode {
    private static final Logger LOG = LoggerFactory.getLogger(TokenMode.class);
    private static final Duration MIN_TOKEN_EXPIRY = Duration.ofSeconds(60);

    private TokenMode() {}

    /** In token mode this server publishes its key in {@code keys} at once and trusts the keys published there. */
    public static Auth create(AuthConfig config, KeyDirectory keys, Clock clock, Ticker ticker) {
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
        Optional<Users> users = config.users().map(AuthFiles::users);
        Supplier<Policy> policy = AuthFiles.policy(config);
        SigningKey key = SigningKey.loadOrGenerate(t.key(), t.algorithm());
        TrustedKeys trusted = new TrustedKeys(key, keys, () -> published(config, key), clock, ticker);
        trusted.heartbeat();
        TokenIssuer issuer = new TokenIssuer(trusted, t.issuer(), t.service(), t.expiry(), t.refreshExpiry(), clock);
        TokenVerifier verifier = new TokenVerifier(trusted, t.issuer(), t.service(), external, clock);
        Logins logins = new Logins(users, new Throttle(config.throttle(), ticker));
        Optional<String> realm =
                config.external().realm().or(() -> config.realm().map(r -> r + TokenEndpoint.TOKEN_PATH));
        if (realm.isEmpty()) {
            LOG.warn(
                    "auth.realm is not set: token challenges name a realm built from each request's Host header, "
                            + "which clients write; set auth.realm to the registry's external URL (https://registry.example.com)");
        }
        AccessControl access = new TokenAccessControl(verifier, Optional.of(policy), realm, t.service());
        LOG.debug(
                "auth token: service '{}', issuer '{}', key {} ({}, kid {}), users {}, policy {}{}",
                t.service(),
                t.issuer(),
                t.key(),
                key.algorithm(),
                key.keyId(),
                users.map(u -> u.path().toString()).orElse("none"),
                config.policy().map(Path::toString).orElse("default"),
                external.map(e -> ", external issuer '" + e.issuer() + "'").orElse(""));
        return new Auth(
                "token",
                access,
                Optional.of(new BuiltInTokenEndpoint(logins, policy, issuer, key)),
                TrustedProxies.of(config.trustedProxies()),
                trusted::heartbeat,
                caches(users, trusted));
    }

    private static Map<String, Cache<?, ?>> caches(Optional<Users> users, TrustedKeys trusted) {
        Map<String, Cache<?, ?>> caches = new HashMap<>();
        caches.put(Auth.TOKEN_KEY_CACHE, trusted.lookups());
        users.ifPresent(u -> caches.put(Auth.PASSWORD_CACHE, u.checks()));
        return Map.copyOf(caches);
    }

    /** What this server publishes about its key: the settings every server of the store must share. */
    private static PublishedKey published(AuthConfig config, SigningKey key) {
        AuthConfig.Token t = config.token();
        return new PublishedKey(
                key.publicKey().toJSONObject(),
                t.issuer(),
                t.service(),
                key.algorithm().getName(),
                config.realm().orElse(""),
                config.users().map(TokenMode::sha256).orElse(""),
                config.policy().map(TokenMode::sha256).orElse(""),
                t.refreshExpiry().toSeconds(),
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
}
