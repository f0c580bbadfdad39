package dev.berth.registry.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.config.RegistryConfig.TlsConfig;
import dev.berth.registry.testing.TestCa;
import dev.berth.registry.testing.TestCa.KeyFormat;
import dev.berth.registry.testing.TestCa.KeyType;
import dev.berth.registry.testing.TlsSettings;
import io.netty.buffer.ByteBufAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server context and its reloading, without a listener (HttpsTest has one). */
class ServerTlsTest {
    private static final TestCa CA = TestCa.root("Berth Test Root", KeyType.EC);

    @TempDir
    Path dir;

    @Test
    void offersTls12And13OnlyWithForwardSecrecyAndAuthenticatedEncryption() {
        TestCa.Issued issued = CA.server("registry", KeyType.RSA);
        try (ServerTls tls = ServerTls.load(write(issued))) {
            SSLEngine engine = tls.context().newEngine(ByteBufAllocator.DEFAULT);
            assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
            assertThat(engine.getEnabledCipherSuites())
                    .isNotEmpty()
                    .allMatch(
                            suite -> suite.matches("TLS_(AES|CHACHA20)_.*|TLS_ECDHE_(ECDSA|RSA)_WITH_.*_(GCM_SHA\\d+"
                                    + "|POLY1305_SHA256)"),
                            "TLS 1.3 suites, or ECDHE with AES-GCM or ChaCha20-Poly1305")
                    .contains("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            assertThat(engine.getNeedClientAuth()).isFalse();
        }
    }

    @Test
    void asksForClientCertificatesWithClientAuthorities() {
        TestCa.Issued issued = CA.server("registry", KeyType.EC);
        TlsConfig config =
                write(issued, TestCa.root("Clients", KeyType.EC).writeCertificate(dir.resolve("clients.pem")));
        try (ServerTls tls = ServerTls.load(config)) {
            assertThat(tls.context().newEngine(ByteBufAllocator.DEFAULT).getNeedClientAuth())
                    .isTrue();
        }
    }

    @Test
    void unusableFilesStopTheStart() throws Exception {
        TlsConfig config = write(CA.server("registry", KeyType.EC));
        Files.writeString(config.key().orElseThrow(), "garbage");

        assertThatThrownBy(() -> ServerTls.load(config))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("expected one PEM private key block, found 0");
    }

    @Test
    void reloadTakesChangedFilesAndKeepsTheCurrentContextWhileTheyAreUnusable() throws Exception {
        TestCa.Issued first = CA.server("registry", KeyType.EC);
        TlsConfig config = write(first);
        try (ServerTls tls = ServerTls.load(config)) {
            assertThat(tls.reload()).as("nothing changed").isFalse();
            assertThat(tls.certificate()).isEqualTo(first.certificate());

            TestCa.Issued second = CA.server("registry", KeyType.RSA);
            write(second);
            assertThat(tls.reload()).as("both files replaced").isTrue();
            assertThat(tls.certificate()).isEqualTo(second.certificate());

            // Half a rotation: the new certificate is there, its key not yet.
            TestCa.Issued third = CA.server("registry", KeyType.EC);
            third.writeChain(config.certificate().orElseThrow());
            assertThat(tls.reload()).as("certificate without its key").isFalse();
            assertThat(tls.certificate()).isEqualTo(second.certificate());
            assertThat(tls.reload()).as("still the same unusable files").isFalse();
            third.writeKey(config.key().orElseThrow(), KeyFormat.PKCS8);
            assertThat(tls.reload()).as("rotation completed").isTrue();
            assertThat(tls.certificate()).isEqualTo(third.certificate());

            Files.delete(config.key().orElseThrow());
            assertThat(tls.reload()).as("key file gone").isFalse();
            Files.writeString(config.key().orElseThrow(), "-----BEGIN PRIVATE KEY-----\nAAAA\n");
            assertThat(tls.reload()).as("key file half written").isFalse();
            assertThat(tls.certificate()).isEqualTo(third.certificate());
            third.writeKey(config.key().orElseThrow(), KeyFormat.TRADITIONAL);
            assertThat(tls.reload()).as("the same key back, in another form").isTrue();
            assertThat(tls.certificate()).isEqualTo(third.certificate());
        }
    }

    private TlsConfig write(TestCa.Issued issued) {
        return write(issued, null);
    }

    private TlsConfig write(TestCa.Issued issued, Path clientCa) {
        return TlsSettings.of(
                issued.writeChain(dir.resolve("chain.pem")),
                issued.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8),
                clientCa);
    }
}
