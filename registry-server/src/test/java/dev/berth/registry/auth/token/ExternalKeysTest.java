package dev.berth.registry.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.berth.registry.auth.Access;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalKeysTest {
    @TempDir
    Path dir;

    @TempDir
    static Path pkiDir;

    private static Pki pki;

    private final Clock clock = Clock.systemUTC();
    private ECKey ec;
    private RSAKey rsa;
    private OctetSequenceKey oct;
    private Path jwks;

    @BeforeEach
    void keys() throws Exception {
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        oct = new OctetSequenceKeyGenerator(256).keyID("oct-1").generate();
        jwks = Files.writeString(
                dir.resolve("jwks.json"),
                new JWKSet(List.of(ec.toPublicJWK(), rsa.toPublicJWK(), oct)).toString(false));
    }

    private JWTClaimsSet.Builder claims(String iss) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(iss)
                .subject("ci")
                .audience("registry")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("access", List.of(Map.of("type", "repository", "name", "team/app", "actions", List.of("pull"))));
    }

    private TokenVerifier verifier(AuthConfig.External config) {
        return new TokenVerifier(
                TrustedKeys.only(SigningKey.generate("ES256"), clock),
                "berth",
                "registry",
                ExternalKeys.create(config, clock),
                clock);
    }

    private static AuthConfig.External external(Optional<Path> jwksFile, Optional<Path> certificates) {
        return new AuthConfig.External(
                Optional.of("https://sso.example"), Optional.empty(), jwksFile, certificates, Optional.empty());
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, com.nimbusds.jose.JWSSigner signer)
            throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Test
    void tokensSignedByAKeyOfTheJwksFileVerify() throws Exception {
        TokenVerifier v = verifier(external(Optional.of(jwks), Optional.empty()));
        VerifiedToken t = v.verify(sign(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
                claims("https://sso.example").build(),
                new ECDSASigner(ec)));
        assertThat(t.subject()).isEqualTo("ci");
        assertThat(t.selfIssued()).isFalse();
        assertThat(t.issuer()).isEqualTo("https://sso.example");
        assertThat(t.access()).containsExactly(Access.repository("team/app", "pull"));

        assertThat(v.verify(sign(
                                new JWSHeader.Builder(JWSAlgorithm.RS256)
                                        .keyID("rsa-1")
                                        .build(),
                                claims("https://sso.example").build(),
                                new RSASSASigner(rsa)))
                        .subject())
                .isEqualTo("ci");
    }

    @Test
    void theExternalIssuerMustBeNamedAndCannotPoseAsBerth() throws Exception {
        TokenVerifier v = verifier(external(Optional.of(jwks), Optional.empty()));
        JWSHeader h = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build();
        assertThatThrownBy(() -> v.verify(sign(h, claims("berth").build(), new ECDSASigner(ec))))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("issuer");
        assertThatThrownBy(() -> v.verify(sign(
                        h, claims("https://sso.example").audience("elsewhere").build(), new ECDSASigner(ec))))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("audience");
    }

    @Test
    void symmetricKeysOfTheJwksAreIgnored() throws Exception {
        TokenVerifier v = verifier(external(Optional.of(jwks), Optional.empty()));
        assertThatThrownBy(() -> v.verify(sign(
                        new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("oct-1").build(),
                        claims("https://sso.example").build(),
                        new MACSigner(oct))))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("not accepted");
    }

    @Test
    void unknownKidsAndMismatchedAlgorithmsAreRefused() throws Exception {
        TokenVerifier v = verifier(external(Optional.of(jwks), Optional.empty()));
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("ec-2").generate();
        assertThatThrownBy(() -> v.verify(sign(
                        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-2").build(),
                        claims("https://sso.example").build(),
                        new ECDSASigner(stranger))))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("unknown key");
        assertThatThrownBy(() -> v.verify(sign(
                        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
                        claims("https://sso.example").build(),
                        new ECDSASigner(stranger))))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("bad signature");
        assertThatThrownBy(() -> v.verify(sign(
                        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("ec-1").build(),
                        claims("https://sso.example").build(),
                        new RSASSASigner(rsa))))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("unknown key");
    }

    @Test
    void keysFromAJwksUrlVerify() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = new JWKSet(ec.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
            TokenVerifier v = verifier(new AuthConfig.External(
                    Optional.of("https://sso.example"),
                    Optional.of(url),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()));
            assertThat(v.verify(sign(
                                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                                            .keyID("ec-1")
                                            .build(),
                                    claims("https://sso.example").build(),
                                    new ECDSASigner(ec)))
                            .subject())
                    .isEqualTo("ci");
            assertThatThrownBy(() -> v.verify(sign(
                            new JWSHeader.Builder(JWSAlgorithm.RS256)
                                    .keyID("rsa-1")
                                    .build(),
                            claims("https://sso.example").build(),
                            new RSASSASigner(rsa))))
                    .isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining("unknown key");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void misconfigurationIsAConfigError() {
        assertThatThrownBy(() -> ExternalKeys.create(
                        new AuthConfig.External(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(jwks),
                                Optional.empty(),
                                Optional.empty()),
                        clock))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.external.issuer");
        assertThatThrownBy(() -> ExternalKeys.create(
                        new AuthConfig.External(
                                Optional.of("x"),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty()),
                        clock))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("jwks");
        assertThatThrownBy(() ->
                        ExternalKeys.create(external(Optional.of(dir.resolve("none.json")), Optional.empty()), clock))
                .isInstanceOf(ConfigException.class);
        assertThat(ExternalKeys.create(AuthConfig.External.none(), clock)).isEmpty();
    }

    /** A CA, a leaf it signed and an unrelated self-signed leaf, all made by the JDK's keytool. */
    private record Pki(
            Path caPem,
            X509Certificate ca,
            X509Certificate leaf,
            PrivateKey leafKey,
            X509Certificate rogue,
            PrivateKey rogueKey) {}

    private static synchronized Pki pki() throws Exception {
        if (pki == null) {
            pki = makePki(pkiDir);
        }
        return pki;
    }

    private static Pki makePki(Path dir) throws Exception {
        Path ks = dir.resolve("ks.p12");
        keytool(
                "-genkeypair",
                "-keystore",
                ks,
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-alias",
                "ca",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=Test CA",
                "-ext",
                "bc:c=ca:true",
                "-validity",
                "2");
        keytool(
                "-genkeypair",
                "-keystore",
                ks,
                "-storepass",
                "changeit",
                "-alias",
                "leaf",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=token issuer",
                "-validity",
                "2");
        keytool(
                "-genkeypair",
                "-keystore",
                ks,
                "-storepass",
                "changeit",
                "-alias",
                "rogue",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=rogue",
                "-validity",
                "2");
        keytool(
                "-certreq",
                "-keystore",
                ks,
                "-storepass",
                "changeit",
                "-alias",
                "leaf",
                "-file",
                dir.resolve("leaf.csr"));
        keytool(
                "-gencert",
                "-keystore",
                ks,
                "-storepass",
                "changeit",
                "-alias",
                "ca",
                "-infile",
                dir.resolve("leaf.csr"),
                "-outfile",
                dir.resolve("leaf.pem"),
                "-rfc",
                "-ext",
                "ku:c=digitalSignature",
                "-validity",
                "2");
        keytool(
                "-exportcert",
                "-keystore",
                ks,
                "-storepass",
                "changeit",
                "-alias",
                "ca",
                "-rfc",
                "-file",
                dir.resolve("ca.pem"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        X509Certificate leaf = com.nimbusds.jose.util.X509CertUtils.parse(Files.readString(dir.resolve("leaf.pem")));
        return new Pki(
                dir.resolve("ca.pem"),
                (X509Certificate) store.getCertificate("ca"),
                leaf,
                (PrivateKey) store.getKey("leaf", "changeit".toCharArray()),
                (X509Certificate) store.getCertificate("rogue"),
                (PrivateKey) store.getKey("rogue", "changeit".toCharArray()));
    }

    private static void keytool(Object... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object a : args) {
            cmd.add(a.toString());
        }
        cmd.add("-noprompt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool %s: %s", args[0], out).isZero();
    }

    private static List<Base64> x5c(X509Certificate... chain) throws Exception {
        List<Base64> out = new ArrayList<>();
        for (X509Certificate c : chain) {
            out.add(Base64.encode(c.getEncoded()));
        }
        return out;
    }

    @Test
    void tokensWithAnX5cChainToATrustedCaVerify() throws Exception {
        Pki pki = pki();
        TokenVerifier v = verifier(external(Optional.empty(), Optional.of(pki.caPem())));
        ECDSASigner leafSigner = new ECDSASigner((ECPrivateKey) pki.leafKey());

        String withoutRoot = sign(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .x509CertChain(x5c(pki.leaf()))
                        .build(),
                claims("https://sso.example").build(),
                leafSigner);
        assertThat(v.verify(withoutRoot).subject()).isEqualTo("ci");
        String withRoot = sign(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(JOSEObjectType.JWT)
                        .x509CertChain(x5c(pki.leaf(), pki.ca()))
                        .build(),
                claims("https://sso.example").build(),
                leafSigner);
        assertThat(v.verify(withRoot).selfIssued()).isFalse();
    }

    @Test
    void anX5cChainThatEndsElsewhereOrAKeyThatIsNotTheLeafIsRefused() throws Exception {
        Pki pki = pki();
        TokenVerifier v = verifier(external(Optional.empty(), Optional.of(pki.caPem())));
        ECDSASigner rogueSigner = new ECDSASigner((ECPrivateKey) pki.rogueKey());
        assertThatThrownBy(() -> v.verify(sign(
                        new JWSHeader.Builder(JWSAlgorithm.ES256)
                                .x509CertChain(x5c(pki.rogue()))
                                .build(),
                        claims("https://sso.example").build(),
                        rogueSigner)))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("not trusted");
        // the trusted leaf's chain, but signed by another key
        assertThatThrownBy(() -> v.verify(sign(
                        new JWSHeader.Builder(JWSAlgorithm.ES256)
                                .x509CertChain(x5c(pki.leaf()))
                                .build(),
                        claims("https://sso.example").build(),
                        rogueSigner)))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("bad signature");
        // a trusted chain does not make a wrong issuer right
        assertThatThrownBy(() -> v.verify(sign(
                        new JWSHeader.Builder(JWSAlgorithm.ES256)
                                .x509CertChain(x5c(pki.leaf()))
                                .build(),
                        claims("berth").build(),
                        new ECDSASigner((ECPrivateKey) pki.leafKey()))))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("issuer");
    }
}
