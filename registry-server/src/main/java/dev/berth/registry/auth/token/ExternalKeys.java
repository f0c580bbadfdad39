package dev.berth.registry.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertChainUtils;
import dev.berth.registry.auth.ReloadingFile;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import dev.berth.registry.logging.LogText;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of an external token issuer: its JWK set (a file, re-read when it changes, and/or a
 * URL, cached and refreshed by nimbus) and certificate authorities whose chains in a token's
 * {@code x5c} header vouch for the signing key. Only public EC and RSA keys are used, each with
 * the algorithms of its family; symmetric keys in a JWK set are ignored.
 */
final class ExternalKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalKeys.class);
    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_CHAIN = 5;

    private final String issuer;
    private final Optional<ReloadingFile<JWKSet>> file;
    private final Optional<JWKSource<SecurityContext>> url;
    private final Set<TrustAnchor> anchors;
    private final Clock clock;

    private ExternalKeys(
            String issuer,
            Optional<ReloadingFile<JWKSet>> file,
            Optional<JWKSource<SecurityContext>> url,
            Set<TrustAnchor> anchors,
            Clock clock) {
        this.issuer = issuer;
        this.file = file;
        this.url = url;
        this.anchors = anchors;
        this.clock = clock;
    }

    /** Empty when no external issuer is configured; ConfigException when one is, badly. */
    static Optional<ExternalKeys> create(AuthConfig.External config, Clock clock) {
        if (!config.configured()) {
            if (config.issuer().isPresent()) {
                throw new ConfigException("auth.external.issuer is set but none of auth.external.jwks-url, "
                        + "auth.external.jwks-file, auth.external.certificates says how to check its tokens");
            }
            return Optional.empty();
        }
        String issuer = config.issuer()
                .orElseThrow(
                        () -> new ConfigException(
                                "auth.external.issuer: must be set when external tokens are accepted (it is checked against iss)"));
        Optional<ReloadingFile<JWKSet>> file = config.jwksFile().map(ExternalKeys::jwksFile);
        Optional<JWKSource<SecurityContext>> url = config.jwksUrl().map(u -> {
            try {
                return JWKSourceBuilder.<SecurityContext>create(u.toURL())
                        .retrying(true)
                        .build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new ConfigException("auth.external.jwks-url: " + e.getMessage(), e);
            }
        });
        Set<TrustAnchor> anchors =
                config.certificates().map(ExternalKeys::anchors).orElse(Set.of());
        return Optional.of(new ExternalKeys(issuer, file, url, anchors, clock));
    }

    private static ReloadingFile<JWKSet> jwksFile(Path path) {
        return new ReloadingFile<>(path, p -> {
            try {
                return JWKSet.load(p.toFile());
            } catch (IOException | ParseException e) {
                throw new ConfigException("auth.external.jwks-file: " + p + " is not a JWK set: " + e.getMessage(), e);
            }
        });
    }

    private static Set<TrustAnchor> anchors(Path pem) {
        List<X509Certificate> certs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pem)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
        } catch (IOException | CertificateException e) {
            throw new ConfigException("auth.external.certificates: cannot read " + pem + ": " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new ConfigException("auth.external.certificates: " + pem + " holds no PEM certificate");
        }
        Set<TrustAnchor> out = new HashSet<>();
        for (X509Certificate c : certs) {
            out.add(new TrustAnchor(c, null));
        }
        return Set.copyOf(out);
    }

    String issuer() {
        return issuer;
    }

    /** The verifier for the key this header names; throws when it names none that is trusted. */
    JWSVerifier verifierFor(JWSHeader header) throws InvalidTokenException {
        JWSAlgorithm alg = header.getAlgorithm();
        if (header.getX509CertChain() != null && !anchors.isEmpty()) {
            return verifier(trustedLeafKey(header.getX509CertChain()), alg);
        }
        List<JWK> candidates = new ArrayList<>();
        String kid = header.getKeyID();
        if (file.isPresent()) {
            candidates.addAll(matching(file.get().get().getKeys(), kid, alg));
        }
        if (url.isPresent() && candidates.isEmpty()) {
            JWKMatcher.Builder m = new JWKMatcher.Builder();
            if (kid != null) {
                m.keyID(kid);
            }
            try {
                candidates.addAll(matching(url.get().get(new JWKSelector(m.build()), null), kid, alg));
            } catch (KeySourceException e) {
                LOG.warn("cannot fetch the external issuer's JWK set: {}", LogText.escape(e.getMessage()));
                throw new InvalidTokenException("the external issuer's keys are unavailable");
            }
        }
        if (candidates.size() != 1) {
            throw new InvalidTokenException(
                    candidates.isEmpty()
                            ? "signed by an unknown key"
                            : "the token names no kid and the issuer has several keys");
        }
        JWK key = candidates.get(0);
        try {
            return verifier(key instanceof ECKey ec ? ec.toECPublicKey() : ((RSAKey) key).toRSAPublicKey(), alg);
        } catch (JOSEException e) {
            throw new InvalidTokenException("unusable key in the external JWK set");
        }
    }

    private static List<JWK> matching(List<JWK> keys, String kid, JWSAlgorithm alg) {
        List<JWK> out = new ArrayList<>();
        for (JWK k : keys) {
            boolean family = (k instanceof ECKey && JWSAlgorithm.Family.EC.contains(alg))
                    || (k instanceof RSAKey && JWSAlgorithm.Family.RSA.contains(alg));
            if (family
                    && (kid == null || kid.equals(k.getKeyID()))
                    && (k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
                    && (k.getAlgorithm() == null || k.getAlgorithm().equals(alg))) {
                out.add(k);
            }
        }
        return out;
    }

    private PublicKey trustedLeafKey(List<Base64> x5c) throws InvalidTokenException {
        if (x5c.isEmpty() || x5c.size() > MAX_CHAIN) {
            throw new InvalidTokenException("x5c chain empty or too long");
        }
        List<X509Certificate> chain;
        try {
            chain = new ArrayList<>(X509CertChainUtils.parse(x5c));
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed x5c chain");
        }
        // The path to validate ends below the trust anchor; a chain that includes its root is fine.
        while (chain.size() > 1
                && anchors.stream().anyMatch(a -> a.getTrustedCert().equals(chain.get(chain.size() - 1)))) {
            chain.remove(chain.size() - 1);
        }
        try {
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), params);
        } catch (GeneralSecurityException e) {
            throw new InvalidTokenException("x5c chain not trusted: " + e.getMessage());
        }
        X509Certificate leaf = chain.get(0);
        boolean[] usage = leaf.getKeyUsage();
        if (usage != null && !usage[0]) {
            throw new InvalidTokenException("x5c leaf certificate is not for digital signatures");
        }
        return leaf.getPublicKey();
    }

    private static JWSVerifier verifier(PublicKey key, JWSAlgorithm alg) throws InvalidTokenException {
        try {
            if (key instanceof ECPublicKey ec && JWSAlgorithm.Family.EC.contains(alg)) {
                return new ECDSAVerifier(ec);
            }
            if (key instanceof RSAPublicKey rsa && JWSAlgorithm.Family.RSA.contains(alg)) {
                if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                    throw new InvalidTokenException("RSA key shorter than " + MIN_RSA_BITS + " bits");
                }
                return new RSASSAVerifier(rsa);
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("unusable key: " + e.getMessage());
        }
        throw new InvalidTokenException("algorithm " + alg + " does not fit the key");
    }
}
