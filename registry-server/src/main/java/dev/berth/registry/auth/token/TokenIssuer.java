package dev.berth.registry.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.registry.auth.Access;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Mints Berth's access and refresh tokens and checks refresh tokens presented back to it.
 *
 * <p>Access token: header {@code alg}, {@code kid} (the key's thumbprint), {@code typ: JWT};
 * claims {@code iss}, {@code sub} (empty for anonymous), {@code aud} (the service), {@code exp},
 * {@code nbf}, {@code iat}, {@code jti} and {@code access}.
 *
 * <p>Refresh token: {@code typ: berth-refresh+jwt}, audience {@code berth-refresh:<service>}, no
 * {@code access}, and a fingerprint of the account's password hash, so it dies with a changed
 * password or a removed account.
 */
final class TokenIssuer {
    /** An issued token and when it was issued. */
    record Issued(String token, Instant issuedAt, Duration expiresIn) {}

    private final TrustedKeys keys;
    private final SigningKey key;
    private final String issuer;
    private final String service;
    private final Duration expiry;
    private final Duration refreshExpiry;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    TokenIssuer(TrustedKeys keys, String issuer, String service, Duration expiry, Duration refreshExpiry, Clock clock) {
        this.keys = keys;
        this.key = keys.own();
        this.issuer = issuer;
        this.service = service;
        this.expiry = expiry;
        this.refreshExpiry = refreshExpiry;
        this.clock = clock;
    }

    String service() {
        return service;
    }

    /** @param account null for an anonymous token */
    Issued access(String account, List<Access> access) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = base(account, service, now, expiry)
                .claim(TokenClaims.ACCESS, TokenClaims.toClaim(access))
                .build();
        return new Issued(key.sign(claims, TokenClaims.ACCESS_TYPE), now, expiry);
    }

    Issued refresh(String account, String credentialStamp) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = base(account, TokenClaims.refreshAudience(service), now, refreshExpiry)
                .claim(TokenClaims.CREDENTIAL_STAMP, credentialStamp)
                .build();
        return new Issued(key.sign(claims, TokenClaims.REFRESH_TYPE), now, refreshExpiry);
    }

    /** A valid refresh token's subject and credential stamp. */
    record RefreshGrant(String account, String credentialStamp) {}

    /**
     * Checks a refresh token Berth issued for this service, here or on another server of the store;
     * an access token never passes.
     */
    RefreshGrant verifyRefresh(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty() || token.length() > TokenClaims.MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("no refresh token");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed refresh token");
        }
        JWSHeader h = jwt.getHeader();
        if (!TokenClaims.REFRESH_TYPE.equals(h.getType())) {
            throw new InvalidTokenException("not a refresh token");
        }
        Optional<TrustedKeys.Trusted> signer =
                h.getX509CertChain() == null ? keys.find(h.getKeyID()) : Optional.empty();
        if (signer.isEmpty() || !signer.get().algorithm().equals(h.getAlgorithm())) {
            throw new InvalidTokenException("refresh token not signed by this registry's keys");
        }
        try {
            if (!jwt.verify(signer.get().verifier())) {
                throw new InvalidTokenException("bad refresh token signature");
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("refresh token signature cannot be checked");
        }
        TokenVerifier.checkClaims(claims, issuer, TokenClaims.refreshAudience(service), clock.instant());
        String subject = claims.getSubject();
        Object stamp = claims.getClaim(TokenClaims.CREDENTIAL_STAMP);
        if (subject == null || subject.isEmpty() || !(stamp instanceof String s)) {
            throw new InvalidTokenException("refresh token without subject");
        }
        return new RefreshGrant(subject, s);
    }

    private JWTClaimsSet.Builder base(String account, String audience, Instant now, Duration lifetime) {
        byte[] jti = new byte[16];
        random.nextBytes(jti);
        Date issued = Date.from(now);
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(account == null ? "" : account)
                .audience(audience)
                .expirationTime(Date.from(now.plus(lifetime)))
                .notBeforeTime(issued)
                .issueTime(issued)
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(jti));
    }
}
