package dev.berth.registry.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig.TlsConfig;
import dev.berth.registry.testing.TestCa;
import dev.berth.registry.testing.TestCa.KeyFormat;
import dev.berth.registry.testing.TestCa.KeyType;
import dev.berth.registry.testing.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the {@code tls.*} files: key forms, chains, and the mistakes an operator makes. */
class TlsFilesTest {
    private static final TestCa ROOT = TestCa.root("Berth Test Root", KeyType.RSA);
    private static final TestCa INTERMEDIATE = ROOT.intermediate("Berth Test Intermediate");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} key, {1}")
    @CsvSource({"RSA, PKCS8", "RSA, TRADITIONAL", "EC, PKCS8", "EC, TRADITIONAL"})
    void readsRsaAndEcKeysInPkcs8AndTraditionalFormWithTheChain(KeyType type, KeyFormat format) throws Exception {
        TestCa.Issued issued = INTERMEDIATE.server("registry", type);
        Path key = issued.writeKey(dir.resolve("key.pem"), format);
        assertThat(Files.readString(key))
                .as("the key file's PEM label")
                .startsWith(
                        switch (format) {
                            case PKCS8 -> "-----BEGIN PRIVATE KEY-----";
                            case TRADITIONAL -> "-----BEGIN " + type + " PRIVATE KEY-----";
                        });

        TlsFiles files = TlsFiles.read(TlsSettings.of(issued.writeChain(dir.resolve("chain.pem")), key));

        assertThat(files.key().getAlgorithm()).isEqualTo(type.name());
        assertThat(files.chain()).containsExactly(issued.certificate(), INTERMEDIATE.certificate());
        assertThat(files.clientCas()).isEmpty();
    }

    @Test
    void readsAnEcKeyAfterTheParametersBlockOpensslWritesFirst() throws Exception {
        TestCa.Issued issued = ROOT.server("registry", KeyType.EC);
        Path key = issued.writeKey(dir.resolve("key.pem"), KeyFormat.TRADITIONAL);
        // What `openssl ecparam -name prime256v1 -genkey` writes: the curve, then the key.
        Files.writeString(
                key,
                "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                        + Files.readString(key));

        TlsFiles files = TlsFiles.read(TlsSettings.of(issued.writeChain(dir.resolve("chain.pem")), key));

        assertThat(files.key().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void readsTheClientAuthorities() {
        TestCa.Issued issued = ROOT.server("registry", KeyType.EC);
        TestCa clients = TestCa.root("Clients", KeyType.EC);

        TlsFiles files = TlsFiles.read(TlsSettings.of(
                issued.writeChain(dir.resolve("chain.pem")),
                issued.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8),
                clients.writeCertificate(dir.resolve("clients.pem"))));

        assertThat(files.clientCas()).containsExactly(clients.certificate());
    }

    @Test
    void refusesTheKeyOfAnotherCertificate() {
        Path chain = ROOT.server("registry", KeyType.RSA).writeChain(dir.resolve("chain.pem"));
        Path key = ROOT.server("other", KeyType.RSA).writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8);

        assertThatThrownBy(() -> TlsFiles.read(TlsSettings.of(chain, key)))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(key + " is not the key of the first certificate in " + chain)
                .hasMessageContaining("CN=registry");
    }

    @Test
    void refusesAChainThatDoesNotStartWithTheServersCertificate() throws Exception {
        TestCa.Issued issued = INTERMEDIATE.server("registry", KeyType.EC);
        Path chain = dir.resolve("chain.pem");
        Files.writeString(
                chain,
                Files.readString(INTERMEDIATE.writeCertificate(dir.resolve("intermediate.pem")))
                        + Files.readString(issued.writeCertificate(dir.resolve("leaf.pem"))));
        Path key = issued.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8);

        assertThatThrownBy(() -> TlsFiles.read(TlsSettings.of(chain, key)))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("the server's own certificate must come first");
    }

    @Test
    void refusesEncryptedKeys() throws Exception {
        Path chain = ROOT.server("registry", KeyType.RSA).writeChain(dir.resolve("chain.pem"));
        Path pkcs8 = Files.writeString(
                dir.resolve("pkcs8.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Path traditional = Files.writeString(
                dir.resolve("traditional.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\n"
                        + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nMAA=\n"
                        + "-----END RSA PRIVATE KEY-----\n");

        for (Path key : new Path[] {pkcs8, traditional}) {
            assertThatThrownBy(() -> TlsFiles.read(TlsSettings.of(chain, key)))
                    .isInstanceOf(TlsFileException.class)
                    .hasMessageContaining(key + ": the private key is encrypted");
        }
    }

    @Test
    void namesTheFileThatIsMissingOrNotPem() throws Exception {
        TestCa.Issued issued = ROOT.server("registry", KeyType.EC);
        Path chain = issued.writeChain(dir.resolve("chain.pem"));
        Path key = issued.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8);
        Path text = Files.writeString(dir.resolve("text.pem"), "not a certificate\n", StandardCharsets.US_ASCII);
        Path truncated = Files.writeString(
                dir.resolve("truncated.pem"), Files.readString(chain).substring(0, 200), StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> TlsFiles.read(TlsSettings.of(dir.resolve("missing.pem"), key)))
                .hasMessage("cannot read " + dir.resolve("missing.pem") + ": no such file");
        assertThatThrownBy(() -> TlsFiles.read(TlsSettings.of(text, key)))
                .hasMessage(text + ": no PEM CERTIFICATE block in it");
        assertThatThrownBy(() -> TlsFiles.read(TlsSettings.of(truncated, key)))
                .hasMessage(truncated + ": '-----BEGIN CERTIFICATE-----' has no END line");
        assertThatThrownBy(() -> TlsFiles.read(TlsSettings.of(chain, chain)))
                .hasMessage(chain + ": expected one PEM private key block, found 0");
    }

    @Test
    void certificateAndKeyAreSetTogetherAndClientAuthoritiesOnlyWithThem() {
        assertThat(new ConfigLoader().load().tls().enabled()).as("the default").isFalse();
        TlsConfig both = new ConfigLoader()
                .environment(Map.of(
                        "BERTH_TLS_CERTIFICATE", "/c.pem", "BERTH_TLS_KEY", "/k.pem", "BERTH_TLS_CLIENT_CA", "/ca.pem"))
                .load()
                .tls();
        assertThat(both)
                .isEqualTo(new TlsConfig(
                        Optional.of(Path.of("/c.pem")),
                        Optional.of(Path.of("/k.pem")),
                        Optional.of(Path.of("/ca.pem"))));

        assertThatThrownBy(() -> new ConfigLoader()
                        .environment(Map.of("BERTH_TLS_CERTIFICATE", "/c.pem"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.certificate and tls.key go together");
        assertThatThrownBy(() -> new ConfigLoader()
                        .environment(Map.of("BERTH_TLS_CLIENT_CA", "/ca.pem"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.client-ca needs tls.certificate");
    }
}
