package dev.berth.registry.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.registry.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private key Berth signs its tokens with: an EC P-256 key for ES256 or an RSA key (2048 bits
 * or more) for RS256, kept as a JWK file readable by its owner only. Its key ID is the RFC 7638
 * thumbprint of the public key, so it never has to be configured and changes with the key.
 */
final class SigningKey {
    private static final Logger LOG = LoggerFactory.getLogger(SigningKey.class);
    private static final int RSA_BITS = 2048;

    private final JWK privateKey;
    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;
    private final JWSVerifier verifier;

    private SigningKey(JWK key, JWSAlgorithm algorithm) throws JOSEException {
        String kid = key.computeThumbprint().toString();
        if (key instanceof ECKey ec) {
            this.privateKey = new ECKey.Builder(ec)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(algorithm)
                    .build();
            this.signer = new ECDSASigner((ECKey) privateKey);
            this.verifier = new ECDSAVerifier(((ECKey) privateKey).toPublicJWK());
        } else {
            RSAKey rsa = (RSAKey) key;
            this.privateKey = new RSAKey.Builder(rsa)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(algorithm)
                    .build();
            this.signer = new RSASSASigner((RSAKey) privateKey);
            this.verifier = new RSASSAVerifier(((RSAKey) privateKey).toPublicJWK());
        }
        this.algorithm = algorithm;
    }

    /** A fresh key held only in memory. */
    static SigningKey generate(String algorithm) {
        JWSAlgorithm alg = algorithm(algorithm);
        try {
            return new SigningKey(newKey(alg), alg);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + alg + " key", e);
        }
    }

    /** Reads the key file, or creates it (0600) with a new key when it does not exist. */
    static SigningKey loadOrGenerate(Path file, String algorithm) {
        JWSAlgorithm alg = algorithm(algorithm);
        try {
            if (Files.exists(file)) {
                return load(file, alg);
            }
            SigningKey key = new SigningKey(newKey(alg), alg);
            write(file, key.privateKey);
            LOG.info("generated a new {} token signing key in {}", alg, file);
            return key;
        } catch (IOException e) {
            throw new ConfigException("auth.token.key: cannot create " + file + ": " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new ConfigException("auth.token.key: cannot use " + file + ": " + e.getMessage(), e);
        }
    }

    private static SigningKey load(Path file, JWSAlgorithm alg) throws IOException, JOSEException {
        warnIfReadableByOthers(file);
        JWK key;
        try {
            key = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new ConfigException("auth.token.key: " + file + " is not a JWK: " + e.getMessage(), e);
        }
        if (!key.isPrivate()) {
            throw new ConfigException(
                    "auth.token.key: " + file + " holds a public key; a private key is needed to sign");
        }
        if (alg.equals(JWSAlgorithm.ES256)) {
            if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
                throw new ConfigException("auth.token.key: " + file + " is not an EC P-256 key, as ES256 needs "
                        + "(set auth.token.algorithm to match the key, or move the file away to generate a new one)");
            }
        } else if (!(key instanceof RSAKey rsa) || rsa.size() < RSA_BITS) {
            throw new ConfigException("auth.token.key: " + file + " is not an RSA key of at least " + RSA_BITS
                    + " bits, as RS256 needs (set auth.token.algorithm to match the key)");
        }
        return new SigningKey(key, alg);
    }

    private static JWSAlgorithm algorithm(String name) {
        return switch (name) {
            case "ES256" -> JWSAlgorithm.ES256;
            case "RS256" -> JWSAlgorithm.RS256;
            default -> throw new ConfigException("auth.token.algorithm: expected ES256 or RS256, not '" + name + "'");
        };
    }

    private static JWK newKey(JWSAlgorithm alg) throws JOSEException {
        return alg.equals(JWSAlgorithm.ES256)
                ? new ECKeyGenerator(Curve.P_256).generate()
                : new RSAKeyGenerator(RSA_BITS).generate();
    }

    private static void write(Path file, JWK key) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".berth-token-key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.warn("{}: cannot restrict permissions on this file system; protect the key file yourself", file);
            }
            Files.writeString(tmp, key.toJSONString() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{}: the token signing key is readable by others than its owner; chmod 600 it", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("cannot read the permissions of {}", file);
        }
    }

    String keyId() {
        return privateKey.getKeyID();
    }

    JWSAlgorithm algorithm() {
        return algorithm;
    }

    JWK publicKey() {
        return privateKey.toPublicJWK();
    }

    JWSVerifier verifier() {
        return verifier;
    }

    /** Signs the claims with a header of this key's algorithm and ID and the given {@code typ}. */
    String sign(JWTClaimsSet claims, JOSEObjectType type) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm).keyID(keyId()).type(type).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }
}
