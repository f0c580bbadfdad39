package dev.berth.registry.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.berth.registry.auth.KeyDirectory;
import dev.berth.registry.testing.AuthFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Servers of one store accept each other's tokens through the keys they publish, and only those. */
class TrustedKeysTest {
    private static final Duration REFRESH = Duration.ofDays(30);

    private final AuthFixtures.MutableClock clock = new AuthFixtures.MutableClock(AuthFixtures.T0);
    private final AuthFixtures.ManualTicker ticker = new AuthFixtures.ManualTicker();
    private final Directory directory = new Directory();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(TrustedKeys.class);

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    /** One server: its key, published with these settings. */
    private final class Server {
        final SigningKey key = SigningKey.generate("ES256");
        final TrustedKeys keys;
        final TokenIssuer issuer;
        final TokenVerifier verifier;

        Server(String issuerName) {
            keys = new TrustedKeys(key, directory, () -> entry(key, issuerName), clock, ticker);
            issuer = new TokenIssuer(keys, issuerName, "registry", Duration.ofMinutes(5), REFRESH, clock);
            verifier = new TokenVerifier(keys, issuerName, "registry", Optional.empty(), clock);
        }
    }

    private static PublishedKey entry(SigningKey key, String issuer) {
        return new PublishedKey(
                key.publicKey().toJSONObject(),
                issuer,
                "registry",
                "ES256",
                "https://registry.example",
                "users-digest",
                "policy-digest",
                REFRESH.toSeconds(),
                TrustedKeys.HEARTBEAT.toSeconds());
    }

    @Test
    void aTokenSignedByOneServerIsAcceptedByAnother() throws Exception {
        Server a = new Server("berth");
        Server b = new Server("berth");
        a.keys.heartbeat();
        b.keys.heartbeat();

        String token = a.issuer.access("alice", List.of()).token();
        VerifiedToken verified = b.verifier.verify(token);
        assertThat(verified.subject()).isEqualTo("alice");
        assertThat(verified.selfIssued()).isTrue();

        TokenIssuer.RefreshGrant grant =
                b.issuer.verifyRefresh(a.issuer.refresh("alice", "stamp").token());
        assertThat(grant).isEqualTo(new TokenIssuer.RefreshGrant("alice", "stamp"));
    }

    @Test
    void withoutPublishingAnotherServersTokenIsRefused() {
        Server a = new Server("berth");
        Server b = new Server("berth");
        String token = a.issuer.access("alice", List.of()).token();
        assertThatThrownBy(() -> b.verifier.verify(token))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("unknown key");
        assertThatThrownBy(
                        () -> TrustedKeys.only(b.key, clock).find(a.key.keyId()).orElseThrow())
                .isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void aServerWithAnotherIssuerNameIsNotTrustedForOursAndIsWarnedAbout() throws Exception {
        Server a = new Server("other");
        Server b = new Server("berth");
        a.keys.heartbeat();
        b.keys.heartbeat();
        assertThat(messages())
                .anyMatch(m -> m.contains("token settings differ")
                        && m.contains("auth.token.issuer")
                        && m.contains(a.key.keyId()));
        // The key is found, but a token of issuer "other" fails B's issuer check.
        String token = a.issuer.access("alice", List.of()).token();
        assertThatThrownBy(() -> b.verifier.verify(token))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("issuer");
    }

    @Test
    void aKeyNotRepublishedForLongerThanItsTokensLiveIsRetiredAndRemoved() throws Exception {
        Server a = new Server("berth");
        Server b = new Server("berth");
        a.keys.heartbeat();
        Duration lifetime = TrustedKeys.HEARTBEAT.multipliedBy(2).plus(REFRESH).plusSeconds(TokenClaims.LEEWAY_SECONDS);

        clock.advance(lifetime.minusMinutes(1));
        assertThat(b.keys.find(a.key.keyId())).as("just before retirement").isPresent();

        clock.advance(Duration.ofMinutes(2));
        ticker.advance(TrustedKeys.FOUND_TTL.plusSeconds(1));
        assertThat(b.keys.find(a.key.keyId())).as("after retirement").isEmpty();
        b.keys.heartbeat();
        assertThat(directory.entries).containsOnlyKeys(b.key.keyId());
    }

    @Test
    void aRemovedKeyStopsBeingAcceptedOnceTheCacheExpires() {
        Server a = new Server("berth");
        Server b = new Server("berth");
        a.keys.heartbeat();
        assertThat(b.keys.find(a.key.keyId())).isPresent();
        directory.remove(a.key.keyId());
        ticker.advance(TrustedKeys.FOUND_TTL.plusSeconds(1));
        assertThat(b.keys.find(a.key.keyId())).isEmpty();
    }

    @Test
    void publishedEntriesThatAreNotAPublicKeyWithThatThumbprintAreIgnored() throws Exception {
        Server b = new Server("berth");
        SigningKey attacker = SigningKey.generate("ES256");
        SigningKey other = SigningKey.generate("ES256");
        // Published under another key's ID: the thumbprint does not match.
        directory.publish(other.keyId(), entry(attacker, "berth").toJson());
        assertThat(b.keys.find(other.keyId())).isEmpty();
        // A private key is never accepted as a published one, even under its own thumbprint.
        ECKey leaked = new ECKeyGenerator(Curve.P_256).generate();
        String leakedId = leaked.computeThumbprint().toString();
        directory.publish(
                leakedId,
                new PublishedKey(
                                leaked.toJSONObject(),
                                "berth",
                                "registry",
                                "ES256",
                                "",
                                "",
                                "",
                                REFRESH.toSeconds(),
                                TrustedKeys.HEARTBEAT.toSeconds())
                        .toJson());
        assertThat(b.keys.find(leakedId)).isEmpty();
        directory.publish("not-json-at-all-xxxxxxxx", "{".getBytes(StandardCharsets.UTF_8));
        assertThat(b.keys.find("not-json-at-all-xxxxxxxx")).isEmpty();
    }

    @Test
    void madeUpKeyIdsCostAtMostALimitedNumberOfDirectoryReadsASecond() {
        Server b = new Server("berth");
        for (int i = 0; i < 500; i++) {
            assertThat(b.keys.find("made-up-key-id-number-" + i)).isEmpty();
        }
        assertThat(directory.finds.get()).isEqualTo(TrustedKeys.LOOKUPS_PER_SECOND);
        assertThat(b.keys.find("../../escape")).isEmpty();
        assertThat(directory.finds.get()).isEqualTo(TrustedKeys.LOOKUPS_PER_SECOND);
    }

    @Test
    void aFailingStoreOnlyCostsTheOtherServersTokens() throws Exception {
        Server b = new Server("berth");
        directory.failing = true;
        b.keys.heartbeat();
        assertThat(messages()).anyMatch(m -> m.contains("cannot publish"));
        String own = b.issuer.access("alice", List.of()).token();
        assertThat(b.verifier.verify(own).subject()).isEqualTo("alice");
        assertThat(b.keys.find(SigningKey.generate("ES256").keyId())).isEmpty();
    }

    private List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** An in-memory directory that counts lookups. */
    private final class Directory implements KeyDirectory {
        final Map<String, Entry> entries = new ConcurrentHashMap<>();
        final AtomicInteger finds = new AtomicInteger();
        volatile boolean failing;

        @Override
        public void publish(String keyId, byte[] content) {
            check();
            entries.put(keyId, new Entry(keyId, content, clock.instant()));
        }

        @Override
        public Optional<Entry> find(String keyId) {
            check();
            finds.incrementAndGet();
            return Optional.ofNullable(entries.get(keyId));
        }

        @Override
        public List<Entry> all() {
            check();
            return new ArrayList<>(entries.values());
        }

        @Override
        public void remove(String keyId) {
            check();
            entries.remove(keyId);
        }

        private void check() {
            if (failing) {
                throw new IllegalStateException("store unavailable");
            }
        }
    }
}
