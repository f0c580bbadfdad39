package dev.berth.registry.http.tls;

import dev.berth.registry.config.RegistryConfig.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The contents of the {@code tls.*} files at one moment, parsed and checked: the server's key, its
 * certificate chain (the key must belong to the first certificate), and the client authorities
 * for mutual TLS. {@link #fingerprint} tells whether the files changed since.
 *
 * @param key         the server's private key
 * @param chain       the server's certificate, then its intermediates
 * @param clientCas   authorities client certificates must chain to; empty: no mutual TLS
 * @param fingerprint SHA-256 over the raw bytes of all the files
 */
record TlsFiles(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> clientCas, String fingerprint) {

    TlsFiles {
        chain = List.copyOf(chain);
        clientCas = List.copyOf(clientCas);
    }

    /** Reads and checks the files; anything unusable is a {@link TlsFileException}. */
    static TlsFiles read(TlsConfig config) {
        Path certificateFile = config.certificate().orElseThrow();
        Path keyFile = config.key().orElseThrow();
        byte[] certificateBytes = bytes(certificateFile);
        byte[] keyBytes = bytes(keyFile);
        Optional<byte[]> clientCaBytes = config.clientCa().map(TlsFiles::bytes);

        List<X509Certificate> chain = certificates(certificateBytes, certificateFile);
        PrivateKey key = PrivateKeys.read(Pem.blocks(text(keyBytes), keyFile.toString()), keyFile.toString());
        requireMatch(key, chain.get(0), certificateFile, keyFile);
        List<X509Certificate> clientCas = config.clientCa()
                .map(file -> certificates(clientCaBytes.orElseThrow(), file))
                .orElse(List.of());
        return new TlsFiles(
                key, chain, clientCas, fingerprint(certificateBytes, keyBytes, clientCaBytes.orElse(new byte[0])));
    }

    /** The fingerprint of the files as they are now, without parsing them; unreadable files throw. */
    static String fingerprintOf(TlsConfig config) {
        return fingerprint(
                bytes(config.certificate().orElseThrow()),
                bytes(config.key().orElseThrow()),
                config.clientCa().map(TlsFiles::bytes).orElse(new byte[0]));
    }

    /** The server's own certificate. */
    X509Certificate certificate() {
        return chain.get(0);
    }

    /** The server's certificate for a log line: subject, serial and expiry. */
    String describe() {
        X509Certificate c = certificate();
        return "'" + c.getSubjectX500Principal().getName() + "' (serial "
                + c.getSerialNumber().toString(16) + ", valid until "
                + c.getNotAfter().toInstant() + ")";
    }

    /** The certificates of a PEM file, in order; none is a {@link TlsFileException}. */
    static List<X509Certificate> certificates(Path file) {
        return certificates(bytes(file), file);
    }

    private static List<X509Certificate> certificates(byte[] pem, Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Pem.Block block : Pem.blocks(text(pem), file.toString())) {
                if (block.label().equals("CERTIFICATE")) {
                    certificates.add(
                            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new TlsFileException(file + ": a CERTIFICATE block is not a valid X.509 certificate", e);
        }
        if (certificates.isEmpty()) {
            throw new TlsFileException(file + ": no PEM CERTIFICATE block in it");
        }
        return certificates;
    }

    /** Signs random bytes with the key and checks the signature with the certificate's public key. */
    private static void requireMatch(PrivateKey key, X509Certificate certificate, Path certificateFile, Path keyFile) {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    default ->
                        throw new TlsFileException(keyFile + ": " + key.getAlgorithm() + " keys are not supported");
                };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new TlsFileException(keyFile + " is not the key of the first certificate in " + certificateFile
                    + " ('" + certificate.getSubjectX500Principal().getName() + "'); the server's own certificate "
                    + "must come first, its intermediates after it");
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsFileException("cannot read " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new TlsFileException("cannot read " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new TlsFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String fingerprint(byte[]... files) {
        try {
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            for (byte[] file : files) {
                all.update(MessageDigest.getInstance("SHA-256").digest(file));
            }
            return HexFormat.of().formatHex(all.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
