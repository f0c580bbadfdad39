package dev.berth.conformance.auth;

import static dev.berth.conformance.auth.AuthChecks.bearerChallenge;
import static dev.berth.conformance.auth.AuthChecks.repo;
import static dev.berth.conformance.auth.AuthChecks.unchanged;
import static dev.berth.conformance.auth.AuthServer.ALICE;
import static dev.berth.conformance.auth.AuthServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.conformance.Check;
import dev.berth.conformance.ClientAuth;
import dev.berth.conformance.RegistryClient;
import dev.berth.conformance.Response;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Forged, altered and stale tokens over HTTP get 401 with {@code error="invalid_token"} and change
 * nothing; repeated failed logins get 429 with {@code Retry-After}. Each forgery starts from a
 * genuine token of alice's that would push, re-signed with the server's own key (read from its
 * key file) unless the forgery is about the signature; a re-signed unaltered copy is accepted, so
 * each refusal is down to the one thing changed.
 */
class TokenHardeningTest {

    private static AuthServer server;
    private static RegistryClient raw;
    private static String repo;
    private static String scope;
    private static SignedJWT genuine;

    @BeforeAll
    static void start() throws Exception {
        server = AuthServer.start(AuthConfig.Mode.TOKEN);
        raw = server.raw();
        repo = repo(ALICE, "hardening");
        scope = "repository:" + repo + ":pull,push";
        genuine = SignedJWT.parse(Tokens.of(server, ALICE, scope));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** POST an upload with this token: 202 if accepted. */
    private static Response push(String token) {
        return raw.request("POST", "/v2/" + repo + "/blobs/uploads/")
                .header("Authorization", "Bearer " + token)
                .body(new byte[0])
                .send();
    }

    private static void refused(String token) {
        Response r = unchanged(server, () -> push(token));
        bearerChallenge(r, server.defaultRealm(), scope, "invalid_token");
    }

    /** The genuine token's claims changed by {@code change}, signed with the server's key. */
    private static String resigned(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        ECKey key = (ECKey) JWK.parse(Files.readString(server.keyFile(), StandardCharsets.UTF_8));
        SignedJWT jwt = new SignedJWT(
                genuine.getHeader(),
                change.apply(new JWTClaimsSet.Builder(genuine.getJWTClaimsSet()))
                        .build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static Date secondsFromNow(long seconds) {
        return Date.from(Instant.now().plusSeconds(seconds));
    }

    @Test
    void aResignedUnalteredTokenIsAccepted() throws Exception {
        Check.status(push(genuine.serialize()), 202);
        Check.status(push(resigned(b -> b)), 202);
        // Within the 60 s leeway: still accepted.
        Check.status(push(resigned(b -> b.expirationTime(secondsFromNow(-20)))), 202);
    }

    @Test
    void algNoneIsRefused() throws Exception {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\""
                + genuine.getHeader().getKeyID() + "\"}");
        String unsigned = header + "." + genuine.getParsedParts()[1] + ".";
        refused(unsigned);
        refused(b64("{\"alg\":\"none\"}") + "." + genuine.getParsedParts()[1] + ".");
        refused(unsigned + genuine.getParsedParts()[2]);
    }

    @Test
    void alteredClaimsOrSignatureAreRefused() throws Exception {
        String[] parts = genuine.serialize().split("\\.");
        JWTClaimsSet widened = new JWTClaimsSet.Builder(genuine.getJWTClaimsSet())
                .claim(
                        "access",
                        List.of(java.util.Map.of(
                                "type", "repository", "name", repo, "actions", List.of("pull", "push", "delete"))))
                .build();
        refused(parts[0] + "." + b64(widened.toString()) + "." + parts[2]);

        JWTClaimsSet otherSubject =
                new JWTClaimsSet.Builder(genuine.getJWTClaimsSet()).subject(BOB).build();
        refused(parts[0] + "." + b64(otherSubject.toString()) + "." + parts[2]);

        char[] signature = parts[2].toCharArray();
        signature[signature.length / 2] = signature[signature.length / 2] == 'A' ? 'B' : 'A';
        refused(parts[0] + "." + parts[1] + "." + new String(signature));
        refused(parts[0] + "." + parts[1] + ".");
        refused("not-a-jwt");
    }

    @Test
    void expiredAndNotYetValidTokensAreRefused() throws Exception {
        refused(resigned(b -> b.issueTime(secondsFromNow(-900))
                .notBeforeTime(secondsFromNow(-900))
                .expirationTime(secondsFromNow(-120))));
        refused(resigned(b -> b.notBeforeTime(secondsFromNow(600))
                .issueTime(secondsFromNow(600))
                .expirationTime(secondsFromNow(900))));
    }

    @Test
    void aWrongAudienceOrIssuerIsRefused() throws Exception {
        refused(resigned(b -> b.audience("another-registry")));
        refused(resigned(b -> b.issuer("someone-else")));
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() throws Exception {
        ECKey key = (ECKey) JWK.parse(Files.readString(server.keyFile(), StandardCharsets.UTF_8));
        JWSHeader header =
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build();
        for (byte[] secret : List.of(
                key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                pem(key.toECPublicKey().getEncoded()).getBytes(StandardCharsets.UTF_8),
                key.toECPublicKey().getEncoded())) {
            SignedJWT jwt = new SignedJWT(header, genuine.getJWTClaimsSet());
            jwt.sign(new MACSigner(pad(secret)));
            refused(jwt.serialize());
        }
    }

    @Test
    void anotherKeyPosingWithOurKeyIdIsRefused() throws JOSEException, java.text.ParseException {
        ECKey other = new ECKeyGenerator(Curve.P_256)
                .keyID(genuine.getHeader().getKeyID())
                .generate();
        SignedJWT jwt = new SignedJWT(genuine.getHeader(), genuine.getJWTClaimsSet());
        jwt.sign(new ECDSASigner(other));
        refused(jwt.serialize());
    }

    /** Sets the {@code auth.throttle.*} limits; the window stays at its default minute. */
    private static ConfigLoader throttle(ConfigLoader config, int failures, int accountFailures, int addressFailures) {
        return config.set(ConfigKey.AUTH_THROTTLE_FAILURES, Integer.toString(failures))
                .set(ConfigKey.AUTH_THROTTLE_ACCOUNT_FAILURES, Integer.toString(accountFailures))
                .set(ConfigKey.AUTH_THROTTLE_ADDRESS_FAILURES, Integer.toString(addressFailures));
    }

    @Test
    void repeatedFailedLoginsAreThrottledWith429AndRetryAfter() {
        try (AuthServer throttled = AuthServer.start(AuthConfig.Mode.TOKEN, config -> throttle(config, 3, 3, 100))) {
            String wrong = ClientAuth.basic(ALICE, "not-" + throttled.password(ALICE));
            for (int i = 1; i <= 3; i++) {
                Check.error(Tokens.getWith(throttled, wrong, "service=berth"), 401, "UNAUTHORIZED");
            }

            retryLater(Tokens.getWith(throttled, wrong, "service=berth"));
            // Throttled means not even checked: from an address alice never signed in from, the right
            // password waits as well (nothing tells her apart from the guesser).
            retryLater(Tokens.get(throttled, ALICE, "repository:alice/x:pull"));
            retryLater(Tokens.post(
                    throttled,
                    "grant_type",
                    "password",
                    "username",
                    ALICE,
                    "password",
                    throttled.password(ALICE),
                    "service",
                    AuthServer.SERVICE));
            // Another account from the same address is below the address limit.
            Tokens.of(throttled, BOB, "repository:bob/x:pull");
        }
    }

    @Test
    void anAddressTryingManyAccountsIsThrottledForEveryAccount() {
        try (AuthServer throttled = AuthServer.start(AuthConfig.Mode.TOKEN, config -> throttle(config, 100, 100, 3))) {
            for (String account : List.of("mallory", "trudy", "eve")) {
                Check.error(
                        Tokens.getWith(throttled, ClientAuth.basic(account, "guess"), "service=berth"),
                        401,
                        "UNAUTHORIZED");
            }

            retryLater(Tokens.get(throttled, ALICE, "repository:alice/x:pull"));
        }
    }

    @Test
    void basicModeThrottlesRegistryRequestsToo() {
        try (AuthServer throttled = AuthServer.start(AuthConfig.Mode.BASIC, config -> throttle(config, 2, 2, 100))) {
            RegistryClient wrong = throttled.raw();
            String credentials = ClientAuth.basic(BOB, "not-" + throttled.password(BOB));
            for (int i = 1; i <= 2; i++) {
                AuthChecks.basicChallenge(wrong.request("GET", "/v2/")
                        .header("Authorization", credentials)
                        .send());
            }
            retryLater(wrong.request("GET", "/v2/")
                    .header("Authorization", credentials)
                    .send());
            retryLater(throttled.as(BOB).get("/v2/bob/x/tags/list"));
            Check.status(throttled.as(ALICE).get("/v2/"), 200);
        }
    }

    /** Requests through a trusted proxy at 127.0.0.1 that names the client in X-Forwarded-For. */
    private static Response viaProxy(AuthServer server, String client, String authorization, String path) {
        return server.raw()
                .request("GET", path)
                .header("X-Forwarded-For", client)
                .header("Authorization", authorization)
                .send();
    }

    @Test
    void someoneGuessingAlicesPasswordDoesNotStopHerButIsStopped() {
        try (AuthServer server = AuthServer.start(AuthConfig.Mode.TOKEN, config -> throttle(config, 3, 6, 100)
                .set(ConfigKey.AUTH_TRUSTED_PROXIES, "127.0.0.1,::1"))) {
            String right = ClientAuth.basic(ALICE, server.password(ALICE));
            String token = "/token?service=berth&scope=repository:alice/x:pull";
            Check.status(viaProxy(server, "198.51.100.7", right, token), 200);

            for (int i = 1; i <= 3; i++) {
                Check.error(
                        viaProxy(server, "203.0.113.66", ClientAuth.basic(ALICE, "guess-" + i), token),
                        401,
                        "UNAUTHORIZED");
            }
            // The guesser is stopped, and learns nothing even from the right password.
            retryLater(viaProxy(server, "203.0.113.66", ClientAuth.basic(ALICE, "guess-4"), token));
            retryLater(viaProxy(server, "203.0.113.66", right, token));
            // Alice is not: at the address she signed in from, and (one guesser being below the
            // account's limit) at a new one.
            for (int i = 0; i < 10; i++) {
                Check.status(viaProxy(server, "198.51.100.7", right, token), 200);
            }
            Check.status(viaProxy(server, "192.0.2.33", right, token), 200);

            // Guesses spread over many addresses stay limited: past the account's limit new
            // addresses wait, while alice's own still works.
            for (int i = 1; i <= 3; i++) {
                Check.error(
                        viaProxy(server, "203.0.113." + i, ClientAuth.basic(ALICE, "spread-" + i), token),
                        401,
                        "UNAUTHORIZED");
            }
            retryLater(viaProxy(server, "203.0.113.200", ClientAuth.basic(ALICE, "spread-x"), token));
            Check.status(viaProxy(server, "198.51.100.7", right, token), 200);
            Check.status(viaProxy(server, "192.0.2.33", right, token), 200);
        }
    }

    @Test
    void basicModeKeepsTheOwnerWorkingWhileSomeoneGuesses() {
        try (AuthServer server = AuthServer.start(AuthConfig.Mode.BASIC, config -> throttle(config, 2, 2, 100)
                .set(ConfigKey.AUTH_TRUSTED_PROXIES, "127.0.0.1,::1"))) {
            String right = ClientAuth.basic(BOB, server.password(BOB));
            Check.status(viaProxy(server, "198.51.100.7", right, "/v2/"), 200);
            for (int i = 1; i <= 5; i++) {
                viaProxy(server, "203.0.113.66", ClientAuth.basic(BOB, "guess-" + i), "/v2/");
            }
            retryLater(viaProxy(server, "203.0.113.66", right, "/v2/"));
            Check.status(viaProxy(server, "198.51.100.7", right, "/v2/"), 200);
        }
    }

    @Test
    void xForwardedForFromAnUntrustedPeerIsIgnored() {
        try (AuthServer server = AuthServer.start(AuthConfig.Mode.TOKEN, config -> throttle(config, 2, 2, 100))) {
            String token = "/token?service=berth";
            for (int i = 1; i <= 2; i++) {
                viaProxy(server, "203.0.113." + i, ClientAuth.basic(BOB, "guess-" + i), token);
            }
            // Claiming yet another address does not buy another guess.
            retryLater(viaProxy(server, "203.0.113.99", ClientAuth.basic(BOB, "guess-3"), token));
        }
    }

    private static void retryLater(Response r) {
        Check.error(r, 429, "TOOMANYREQUESTS");
        long seconds = Long.parseLong(r.requireHeader("Retry-After").trim());
        assertThat(seconds).as("Retry-After in\n%s", r).isBetween(1L, 60L);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }

    /** HS256 needs a secret of at least 256 bits; public keys in every shape are longer anyway. */
    private static byte[] pad(byte[] secret) {
        return secret.length >= 32 ? secret : java.util.Arrays.copyOf(secret, 32);
    }
}
