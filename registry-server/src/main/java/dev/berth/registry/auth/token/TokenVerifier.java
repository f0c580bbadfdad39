package dev.berth.registry.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.registry.auth.Access;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Checks bearer access tokens: Berth's own (found by {@code kid} among the {@link TrustedKeys}: this
 * server's and those of the other servers of its store) and, when configured, an
 * external issuer's ({@link ExternalKeys}).
 *
 * <p>What is refused: anything but a JWS (so {@code alg: none}); every HMAC algorithm, since
 * the only keys here are public ones and an HMAC "signed" with a public key proves nothing; an
 * algorithm that does not fit the key (Berth's own: exactly its configured one); a refresh
 * token's {@code typ}; a bad signature; an {@code iss} other than the key's issuer; an
 * {@code aud} that is not the service; an {@code exp} missing or more than 60 seconds past; an
 * {@code nbf} or {@code iat} more than 60 seconds ahead; a malformed {@code access} claim.
 */
final class TokenVerifier {
    private final TrustedKeys keys;
    private final String ownIssuer;
    private final String service;
    private final Optional<ExternalKeys> external;
    private final Clock clock;

    TokenVerifier(TrustedKeys keys, String ownIssuer, String service, Optional<ExternalKeys> external, Clock clock) {
        this.keys = keys;
        this.ownIssuer = ownIssuer;
        this.service = service;
        this.external = external;
        this.clock = clock;
    }

    VerifiedToken verify(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty() || token.length() > TokenClaims.MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("missing or oversized token");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("not a signed JWT");
        }
        JWSHeader h = jwt.getHeader();
        JWSAlgorithm alg = h.getAlgorithm();
        if (alg == null || JWSAlgorithm.Family.HMAC_SHA.contains(alg) || "none".equalsIgnoreCase(alg.getName())) {
            throw new InvalidTokenException("algorithm " + alg + " is not accepted");
        }
        if (TokenClaims.REFRESH_TYPE.equals(h.getType())) {
            throw new InvalidTokenException("a refresh token is not an access token");
        }
        Optional<TrustedKeys.Trusted> ours = h.getX509CertChain() == null ? keys.find(h.getKeyID()) : Optional.empty();
        JWSVerifier verifier;
        String issuer;
        boolean selfIssued;
        if (ours.isPresent()) {
            if (!ours.get().algorithm().equals(alg)) {
                throw new InvalidTokenException("algorithm " + alg + " does not fit this registry's key");
            }
            verifier = ours.get().verifier();
            issuer = ownIssuer;
            selfIssued = true;
        } else if (external.isPresent()) {
            verifier = external.get().verifierFor(h);
            issuer = external.get().issuer();
            selfIssued = false;
        } else {
            throw new InvalidTokenException("signed by an unknown key");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new InvalidTokenException("bad signature");
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("signature cannot be checked: " + e.getMessage());
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed claims");
        }
        checkClaims(claims, issuer, service, clock.instant());
        List<Access> access = TokenClaims.fromClaim(claims.getClaim(TokenClaims.ACCESS));
        String subject = claims.getSubject();
        return new VerifiedToken(subject == null || subject.isEmpty() ? null : subject, issuer, access, selfIssued);
    }

    /** The issuer, audience and time checks every token gets, with {@value TokenClaims#LEEWAY_SECONDS} s leeway. */
    static void checkClaims(JWTClaimsSet claims, String issuer, String audience, Instant now)
            throws InvalidTokenException {
        if (!issuer.equals(claims.getIssuer())) {
            throw new InvalidTokenException("issuer is not " + issuer);
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(audience)) {
            throw new InvalidTokenException("audience is not " + audience);
        }
        long nowSeconds = now.getEpochSecond();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new InvalidTokenException("no expiry");
        }
        if (nowSeconds > seconds(exp) + TokenClaims.LEEWAY_SECONDS) {
            throw new InvalidTokenException("expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && seconds(nbf) > nowSeconds + TokenClaims.LEEWAY_SECONDS) {
            throw new InvalidTokenException("not valid yet");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && seconds(iat) > nowSeconds + TokenClaims.LEEWAY_SECONDS) {
            throw new InvalidTokenException("issued in the future");
        }
    }

    private static long seconds(Date d) {
        return Math.floorDiv(d.getTime(), 1000);
    }
}
