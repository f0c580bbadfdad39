package dev.berth.registry.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A certificate authority made in the test: a self-signed root, intermediates below it, and
 * server and client certificates it issues, written as the PEM files Berth and real clients read.
 * Every certificate gets a serial number of its own, so a test can tell which one a server served.
 */
public final class TestCa {
    /** The key kinds Berth accepts. */
    public enum KeyType {
        RSA,
        EC
    }

    /** How a private key is written: PKCS#8 ({@code PRIVATE KEY}) or the traditional form of its kind. */
    public enum KeyFormat {
        PKCS8,
        TRADITIONAL
    }

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;
    /** This authority's certificate and those above it, up to but without the root. */
    private final List<X509Certificate> intermediates;

    private TestCa(KeyPair keys, X509Certificate certificate, List<X509Certificate> intermediates) {
        this.keys = keys;
        this.certificate = certificate;
        this.intermediates = List.copyOf(intermediates);
    }

    /** A new self-signed root authority. */
    public static TestCa root(String name, KeyType type) {
        KeyPair keys = keyPair(type);
        X500Name subject = new X500Name("CN=" + name);
        return new TestCa(
                keys, sign(subject, keys, subject, keys.getPublic(), null, true, List.of(), List.of()), List.of());
    }

    /** An intermediate authority this one signs; what it issues carries it in the chain. */
    public TestCa intermediate(String name) {
        KeyPair child = keyPair(KeyType.EC);
        X509Certificate cert = sign(
                subject(),
                keys,
                new X500Name("CN=" + name),
                child.getPublic(),
                certificate,
                true,
                List.of(),
                List.of());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(intermediates);
        return new TestCa(child, cert, chain);
    }

    /** A server certificate for {@code localhost} and {@code 127.0.0.1} (and any further DNS names). */
    public Issued server(String name, KeyType type, String... dnsNames) {
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        for (String dns : dnsNames) {
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        return issue(name, type, names, KeyPurposeId.id_kp_serverAuth);
    }

    /** A client certificate for mutual TLS. */
    public Issued client(String name, KeyType type) {
        return issue(name, type, List.of(), KeyPurposeId.id_kp_clientAuth);
    }

    private Issued issue(String name, KeyType type, List<GeneralName> names, KeyPurposeId purpose) {
        KeyPair leaf = keyPair(type);
        X509Certificate cert = sign(
                subject(),
                keys,
                new X500Name("CN=" + name),
                leaf.getPublic(),
                certificate,
                false,
                names,
                List.of(purpose));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(intermediates);
        return new Issued(leaf.getPrivate(), chain);
    }

    /** This authority's own certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes this authority's certificate as PEM, as a {@code ca.crt} or {@code tls.client-ca} file. */
    public Path writeCertificate(Path file) {
        return writePem(file, List.of(certificate));
    }

    /** A client context that trusts this authority alone, presenting {@code clientCertificate} when not null. */
    public SSLContext clientContext(Issued clientCertificate) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientCertificate != null) {
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                identity.setKeyEntry(
                        "client",
                        clientCertificate.key(),
                        new char[0],
                        clientCertificate.chain().toArray(X509Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A certificate this authority issued, with its private key.
     *
     * @param chain the certificate, then the intermediates between it and the root
     */
    public record Issued(PrivateKey key, List<X509Certificate> chain) {
        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** Writes the chain (certificate first) to {@code file}, as {@code tls.certificate} reads it. */
        public Path writeChain(Path file) {
            return writePem(file, chain);
        }

        /** Writes the certificate alone. */
        public Path writeCertificate(Path file) {
            return writePem(file, List.of(certificate()));
        }

        /** Writes the private key in this format. */
        public Path writeKey(Path file, KeyFormat format) {
            return writePem(file, List.of(pem(key, format)));
        }
    }

    private X500Name subject() {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /**
     * The key as PKCS#8, or traditional: PKCS#1 for RSA, SEC 1 with its named curve (as openssl
     * writes it) for EC.
     */
    private static PemObject pem(PrivateKey key, KeyFormat format) {
        if (format == KeyFormat.PKCS8) {
            return new PemObject("PRIVATE KEY", key.getEncoded());
        }
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            if (key instanceof ECPrivateKey ec) {
                ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(
                        info.getPrivateKeyAlgorithm().getParameters());
                return new PemObject(
                        "EC PRIVATE KEY",
                        new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(), curve).getEncoded());
            }
            return new PemObject(
                    "RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writePem(Path file, List<?> objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                pem.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // Written beside the file and moved over it, as certificate tools do: no reader sees half a file.
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text.toString(), StandardCharsets.US_ASCII);
            return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair keyPair(KeyType type) {
        try {
            if (type == KeyType.RSA) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048, RANDOM);
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(
            X500Name issuer,
            KeyPair issuerKeys,
            X500Name subject,
            PublicKey subjectKey,
            X509Certificate issuerCertificate,
            boolean ca,
            List<GeneralName> names,
            List<KeyPurposeId> purposes) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    BigInteger.valueOf(SERIALS.incrementAndGet()),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(2))),
                    subject,
                    subjectKey);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            if (issuerCertificate != null) {
                builder.addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        extensions.createAuthorityKeyIdentifier(issuerCertificate));
            }
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                int usage = KeyUsage.digitalSignature
                        | ("RSA".equals(subjectKey.getAlgorithm()) ? KeyUsage.keyEncipherment : 0);
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                builder.addExtension(
                        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
                if (!names.isEmpty()) {
                    builder.addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(names.toArray(GeneralName[]::new)));
                }
            }
            String algorithm =
                    "RSA".equals(issuerKeys.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
