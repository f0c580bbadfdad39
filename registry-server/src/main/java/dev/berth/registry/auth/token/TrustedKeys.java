package dev.berth.registry.auth.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.berth.registry.auth.Auth;
import dev.berth.registry.auth.KeyDirectory;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys whose signatures make a token Berth's own: this server's key, and the keys the other
 * servers of the same store published in the {@link KeyDirectory}. So several servers behind one
 * balancer accept each other's access and refresh tokens without sharing a private key.
 *
 * <p>Lifecycle of a published key: each server writes its entry at start and again every
 * {@link #HEARTBEAT} while it runs. Tokens a server signed live at most its refresh token lifetime,
 * so once an entry has not been rewritten for two heartbeats plus that lifetime (plus the clock
 * leeway) no token it signed can still be valid: the key is retired, no longer accepted, and the
 * next heartbeat of any server removes the entry.
 *
 * <p>Lookups: an unknown key ID costs one read of the directory, after which the answer is cached
 * (found for {@link #FOUND_TTL}, so a removed entry stops being accepted within that time; absent
 * for {@link #ABSENT_TTL}); at most {@link #LOOKUPS_PER_SECOND} such reads a second, so tokens with
 * made-up key IDs cannot turn into storage traffic.
 */
final class TrustedKeys {
    private static final Logger LOG = LoggerFactory.getLogger(TrustedKeys.class);
    static final Duration HEARTBEAT = Auth.KEY_HEARTBEAT;
    static final Duration FOUND_TTL = Duration.ofMinutes(5);
    static final Duration ABSENT_TTL = Duration.ofSeconds(10);
    static final int LOOKUPS_PER_SECOND = 20;
    /** RFC 7638 thumbprints are 43 base64url characters; anything far from that is not a key of ours. */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    /** A key a token of this registry may be signed with. */
    record Trusted(JWSAlgorithm algorithm, JWSVerifier verifier) {}

    private final SigningKey own;
    private final KeyDirectory directory;
    private final Supplier<PublishedKey> ownEntry;
    private final Clock clock;
    private final Cache<String, Optional<Trusted>> cache;
    private final Trusted ownTrusted;
    private long windowStart;
    private int lookupsInWindow;

    /**
     * @param ownEntry what this server publishes (read anew at each heartbeat, so file digests follow
     *     the files)
     */
    TrustedKeys(SigningKey own, KeyDirectory directory, Supplier<PublishedKey> ownEntry, Clock clock, Ticker ticker) {
        this.own = own;
        this.directory = directory;
        this.ownEntry = ownEntry;
        this.clock = clock;
        this.ownTrusted = new Trusted(own.algorithm(), own.verifier());
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(1_000)
                .expireAfter(new Expiry<String, Optional<Trusted>>() {
                    @Override
                    public long expireAfterCreate(String key, Optional<Trusted> value, long currentTime) {
                        return (value.isPresent() ? FOUND_TTL : ABSENT_TTL).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(
                            String key, Optional<Trusted> value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(
                            String key, Optional<Trusted> value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .recordStats()
                .build();
    }

    /** The keys looked up in the store, found or not, for metrics. */
    Cache<String, Optional<Trusted>> lookups() {
        return cache;
    }

    /** Only this server's key: for a server without a store. */
    static TrustedKeys only(SigningKey own, Clock clock) {
        return new TrustedKeys(own, KeyDirectory.NONE, () -> null, clock, Ticker.systemTicker());
    }

    SigningKey own() {
        return own;
    }

    /** The key of {@code keyId} if a token signed with it is one of this registry's. */
    Optional<Trusted> find(String keyId) {
        if (keyId == null) {
            return Optional.empty();
        }
        if (own.keyId().equals(keyId)) {
            return Optional.of(ownTrusted);
        }
        if (directory == KeyDirectory.NONE || !KEY_ID.matcher(keyId).matches()) {
            return Optional.empty();
        }
        Optional<Trusted> cached = cache.getIfPresent(keyId);
        if (cached != null) {
            return cached;
        }
        if (!mayLookUp()) {
            return Optional.empty();
        }
        Optional<Trusted> found = load(keyId);
        cache.put(keyId, found);
        return found;
    }

    private synchronized boolean mayLookUp() {
        long second = clock.millis() / 1000;
        if (second != windowStart) {
            windowStart = second;
            lookupsInWindow = 0;
        }
        return ++lookupsInWindow <= LOOKUPS_PER_SECOND;
    }

    private Optional<Trusted> load(String keyId) {
        Optional<KeyDirectory.Entry> entry;
        try {
            entry = directory.find(keyId);
        } catch (RuntimeException e) {
            LOG.warn("cannot read published token key {}: {}", keyId, e.toString());
            return Optional.empty();
        }
        return entry.flatMap(e -> parse(e).filter(k -> live(k, e.written())).flatMap(k -> trusted(keyId, k)));
    }

    /** A published key stays trusted until no token it signed can still be valid. */
    private boolean live(PublishedKey key, Instant written) {
        Duration lifetime = Duration.ofSeconds(key.heartbeatSeconds())
                .multipliedBy(2)
                .plusSeconds(key.refreshSeconds())
                .plusSeconds(TokenClaims.LEEWAY_SECONDS);
        return written.plus(lifetime).isAfter(clock.instant());
    }

    private static Optional<PublishedKey> parse(KeyDirectory.Entry entry) {
        try {
            return Optional.of(PublishedKey.parse(entry.content()));
        } catch (IOException e) {
            LOG.warn("ignoring the published token key {}: {}", entry.keyId(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Only a public EC P-256 or RSA key whose thumbprint is its ID, for ES256 or RS256. */
    private static Optional<Trusted> trusted(String keyId, PublishedKey published) {
        try {
            JWK jwk = JWK.parse(published.key());
            JWSAlgorithm alg = JWSAlgorithm.parse(published.algorithm());
            boolean fits = (alg.equals(JWSAlgorithm.ES256) && jwk instanceof ECKey)
                    || (alg.equals(JWSAlgorithm.RS256) && jwk instanceof RSAKey rsa && rsa.size() >= 2048);
            if (jwk.isPrivate() || !fits || !jwk.computeThumbprint().toString().equals(keyId)) {
                LOG.warn("ignoring the published token key {}: not a public {} key with that thumbprint", keyId, alg);
                return Optional.empty();
            }
            JWSVerifier verifier = new DefaultJWSVerifierFactory()
                    .createJWSVerifier(
                            new JWSHeader(alg),
                            jwk instanceof ECKey ec ? ec.toECPublicKey() : ((RSAKey) jwk).toRSAPublicKey());
            return Optional.of(new Trusted(alg, verifier));
        } catch (ParseException | JOSEException | ClassCastException e) {
            LOG.warn("ignoring the published token key {}: {}", keyId, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Writes this server's entry, removes retired ones, and warns about live servers whose token
     * settings differ from this one's. Failures are logged: other servers then refuse this
     * server's tokens until a later heartbeat succeeds, which the log says.
     */
    void heartbeat() {
        if (directory == KeyDirectory.NONE) {
            return;
        }
        PublishedKey mine = ownEntry.get();
        try {
            directory.publish(own.keyId(), mine.toJson());
            for (KeyDirectory.Entry entry : directory.all()) {
                if (entry.keyId().equals(own.keyId())) {
                    continue;
                }
                Optional<PublishedKey> other = parse(entry);
                if (other.isPresent() && !live(other.get(), entry.written())) {
                    directory.remove(entry.keyId());
                    LOG.info("removed the retired token key {} (last published {})", entry.keyId(), entry.written());
                } else if (other.isPresent()) {
                    List<String> differences = mine.differencesFrom(other.get());
                    if (!differences.isEmpty()) {
                        LOG.warn(
                                "token settings differ from those of the server with key {} (published {}): {}; "
                                        + "every server sharing this store must use the same ones, or tokens and logins "
                                        + "will work on some of them only",
                                entry.keyId(),
                                entry.written(),
                                String.join(", ", differences));
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot publish this server's token key {} to the store; other servers sharing it will refuse "
                            + "the tokens this one signs until it succeeds: {}",
                    own.keyId(),
                    e.toString());
        }
    }
}
