package dev.berth.registry.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.registry.auth.Access;
import dev.berth.registry.testing.AuthFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    static final SigningKey KEY = SigningKey.generate("ES256");
    private final AuthFixtures.MutableClock clock = new AuthFixtures.MutableClock(AuthFixtures.T0);
    private final TokenIssuer issuer = new TokenIssuer(
            TrustedKeys.only(KEY, clock), "berth", "registry", Duration.ofMinutes(5), Duration.ofDays(30), clock);
    private final TokenVerifier verifier =
            new TokenVerifier(TrustedKeys.only(KEY, clock), "berth", "registry", Optional.empty(), clock);

    private JWTClaimsSet.Builder claims() {
        Date now = Date.from(clock.instant());
        return new JWTClaimsSet.Builder()
                .issuer("berth")
                .subject("alice")
                .audience("registry")
                .issueTime(now)
                .notBeforeTime(now)
                .expirationTime(Date.from(clock.instant().plusSeconds(300)))
                .jwtID("j")
                .claim("access", List.of(Map.of("type", "repository", "name", "a", "actions", List.of("pull"))));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private void refused(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void issuedTokensVerify() throws Exception {
        String token = issuer.access("alice", List.of(Access.repository("team/app", "pull", "push"), Access.catalog()))
                .token();
        VerifiedToken v = verifier.verify(token);
        assertThat(v.subject()).isEqualTo("alice");
        assertThat(v.selfIssued()).isTrue();
        assertThat(v.access()).containsExactly(Access.repository("team/app", "pull", "push"), Access.catalog());

        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getKeyID())
                .isEqualTo(KEY.publicKey().computeThumbprint().toString());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertThat(c.getIssuer()).isEqualTo("berth");
        assertThat(c.getAudience()).containsExactly("registry");
        assertThat(c.getJWTID()).isNotBlank();
        assertThat(c.getIssueTime()).isEqualTo(Date.from(AuthFixtures.T0));
        assertThat(c.getNotBeforeTime()).isEqualTo(Date.from(AuthFixtures.T0));
        assertThat(c.getExpirationTime()).isEqualTo(Date.from(AuthFixtures.T0.plusSeconds(300)));
    }

    @Test
    void anonymousTokensHaveNoSubject() throws Exception {
        VerifiedToken v = verifier.verify(issuer.access(null, List.of()).token());
        assertThat(v.subject()).isNull();
        assertThat(v.access()).isEmpty();
        assertThat(SignedJWT.parse(issuer.access(null, List.of()).token())
                        .getJWTClaimsSet()
                        .getSubject())
                .isEmpty();
    }

    @Test
    void rsaKeysWork() throws Exception {
        SigningKey rsa = SigningKey.generate("RS256");
        TokenIssuer i = new TokenIssuer(
                TrustedKeys.only(rsa, clock), "berth", "registry", Duration.ofMinutes(5), Duration.ofDays(1), clock);
        VerifiedToken v = new TokenVerifier(TrustedKeys.only(rsa, clock), "berth", "registry", Optional.empty(), clock)
                .verify(i.access("bob", List.of()).token());
        assertThat(v.subject()).isEqualTo("bob");
        assertThat(SignedJWT.parse(i.access("bob", List.of()).token())
                        .getHeader()
                        .getAlgorithm())
                .isEqualTo(JWSAlgorithm.RS256);
    }

    @Test
    void algNoneIsRefused() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + KEY.keyId() + "\"}");
        refused(header + "." + b64(claims().build().toString()) + ".", "not a signed JWT");
        refused(new PlainJWT(claims().build()).serialize(), "not a signed JWT");
        // alg none with a signature copied from a real token
        String real = issuer.access("alice", List.of()).token();
        refused(header + "." + b64(claims().build().toString()) + "." + real.split("\\.")[2], "not a signed JWT");
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() throws Exception {
        ECKey pub = (ECKey) KEY.publicKey();
        for (byte[] secret : List.of(
                pub.toJSONString().getBytes(StandardCharsets.UTF_8),
                pub.toPublicKey().getEncoded())) {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .keyID(KEY.keyId())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims().build());
            jwt.sign(new MACSigner(secret));
            refused(jwt.serialize(), "HS256 is not accepted");
        }
    }

    @Test
    void anAlgorithmThatDoesNotFitTheKeyIsRefused() throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).generate();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.keyId()).build(), claims().build());
        jwt.sign(new RSASSASigner(other));
        refused(jwt.serialize(), "does not fit");
    }

    @Test
    void anotherKeyUsingOurKidIsRefused() {
        SigningKey impostor = SigningKey.generate("ES256");
        String token = impostor.sign(claims().build(), JOSEObjectType.JWT);
        String[] parts = token.split("\\.");
        String header = b64("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + KEY.keyId() + "\"}");
        refused(header + "." + parts[1] + "." + parts[2], "bad signature");
        refused(token, "unknown key");
    }

    @Test
    void wrongAudienceIsRefused() {
        refused(KEY.sign(claims().audience("other").build(), JOSEObjectType.JWT), "audience");
        refused(KEY.sign(claims().audience(List.of()).build(), JOSEObjectType.JWT), "audience");
    }

    @Test
    void wrongIssuerIsRefused() {
        refused(KEY.sign(claims().issuer("evil").build(), JOSEObjectType.JWT), "issuer");
        refused(KEY.sign(claims().issuer(null).build(), JOSEObjectType.JWT), "issuer");
    }

    @Test
    void expiryHasSixtySecondsLeeway() throws Exception {
        String token = issuer.access("alice", List.of()).token();
        clock.advance(Duration.ofMinutes(5).plusSeconds(59));
        assertThat(verifier.verify(token).subject()).isEqualTo("alice");
        clock.advance(Duration.ofSeconds(2));
        refused(token, "expired");
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        refused(KEY.sign(claims().expirationTime(null).build(), JOSEObjectType.JWT), "no expiry");
    }

    @Test
    void notBeforeAndIssuedAtHaveSixtySecondsLeeway() throws Exception {
        Instant now = clock.instant();
        assertThat(verifier.verify(KEY.sign(
                                claims().notBeforeTime(Date.from(now.plusSeconds(59)))
                                        .issueTime(Date.from(now.plusSeconds(59)))
                                        .build(),
                                JOSEObjectType.JWT))
                        .subject())
                .isEqualTo("alice");
        refused(
                KEY.sign(claims().notBeforeTime(Date.from(now.plusSeconds(61))).build(), JOSEObjectType.JWT),
                "not valid yet");
        refused(
                KEY.sign(claims().issueTime(Date.from(now.plusSeconds(61))).build(), JOSEObjectType.JWT),
                "issued in the future");
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String[] parts = issuer.access("alice", List.of(Access.repository("a", "pull")))
                .token()
                .split("\\.");
        String forged = b64(claims().claim(
                        "access",
                        List.of(Map.of(
                                "type", "repository", "name", "a", "actions", List.of("pull", "push", "delete"))))
                .build()
                .toString());
        refused(parts[0] + "." + forged + "." + parts[2], "bad signature");
    }

    @Test
    void aTamperedSignatureIsRefused() {
        String[] parts = issuer.access("alice", List.of()).token().split("\\.");
        char[] sig = parts[2].toCharArray();
        sig[10] = sig[10] == 'A' ? 'B' : 'A';
        refused(parts[0] + "." + parts[1] + "." + new String(sig), "signature");
        refused(parts[0] + "." + parts[1] + ".", "not a signed JWT");
    }

    @Test
    void aRefreshTokenIsNotAnAccessToken() {
        refused(issuer.refresh("alice", "stamp").token(), "refresh token");
        // even with the access token's typ, its audience gives it away
        JWTClaimsSet refreshClaims =
                claims().audience(TokenClaims.refreshAudience("registry")).build();
        refused(KEY.sign(refreshClaims, JOSEObjectType.JWT), "audience");
    }

    @Test
    void anAccessTokenIsNotARefreshToken() throws Exception {
        String access = issuer.access("alice", List.of()).token();
        assertThatThrownBy(() -> issuer.verifyRefresh(access))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("not a refresh token");
        // with the refresh typ but the access audience it still fails
        String typed =
                KEY.sign(claims().claim(TokenClaims.CREDENTIAL_STAMP, "s").build(), TokenClaims.REFRESH_TYPE);
        assertThatThrownBy(() -> issuer.verifyRefresh(typed))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("audience");
        TokenIssuer.RefreshGrant g =
                issuer.verifyRefresh(issuer.refresh("alice", "stamp").token());
        assertThat(g).isEqualTo(new TokenIssuer.RefreshGrant("alice", "stamp"));
    }

    @Test
    void refreshTokensExpire() {
        String refresh = issuer.refresh("alice", "stamp").token();
        clock.advance(Duration.ofDays(30).plusMinutes(2));
        assertThatThrownBy(() -> issuer.verifyRefresh(refresh))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aMalformedAccessClaimIsRefused() {
        refused(KEY.sign(claims().claim("access", "everything").build(), JOSEObjectType.JWT), "access claim");
        refused(
                KEY.sign(
                        claims().claim("access", List.of(Map.of("type", "repository")))
                                .build(),
                        JOSEObjectType.JWT),
                "lacks type or name");
    }

    @Test
    void garbageIsRefused() {
        refused("", "missing");
        refused("not.a.jwt", "not a signed JWT");
        refused("x".repeat(20_000), "oversized");
    }
}
