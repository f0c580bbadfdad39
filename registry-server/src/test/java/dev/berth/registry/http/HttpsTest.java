package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig.TlsConfig;
import dev.berth.registry.content.Registry;
import dev.berth.registry.http.tls.ServerTls;
import dev.berth.registry.testing.LocalServer;
import dev.berth.registry.testing.TestCa;
import dev.berth.registry.testing.TestCa.KeyFormat;
import dev.berth.registry.testing.TestCa.KeyType;
import dev.berth.registry.testing.TlsSettings;
import dev.berth.storage.fs.FileSystemStorage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over HTTPS: TLS 1.2 and 1.3 and nothing older, blobs streamed from files through
 * encryption, mutual TLS, and certificates replaced under open connections.
 */
class HttpsTest {
    private static final TestCa ROOT = TestCa.root("Berth Test Root", KeyType.RSA);
    private static final TestCa INTERMEDIATE = ROOT.intermediate("Berth Test Intermediate");

    @TempDir
    Path dir;

    FileSystemStorage storage;
    Registry registry;

    @BeforeEach
    void storage() {
        storage = new FileSystemStorage(dir.resolve("data"));
        registry = new Registry(storage, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void servesTheApiOverTls13And12WithTheChain() throws Exception {
        TestCa.Issued issued = INTERMEDIATE.server("registry", KeyType.EC);
        try (ServerTls tls = ServerTls.load(files(issued, KeyFormat.TRADITIONAL));
                LocalServer server = LocalServer.start(registry, tls)) {
            assertThat(server.base().getScheme()).isEqualTo("https");
            for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
                HttpResponse<String> base = client(ROOT.clientContext(null), protocol)
                        .send(get(server.base(), "/v2/"), HttpResponse.BodyHandlers.ofString());
                assertThat(base.statusCode()).isEqualTo(200);
                SSLSession session = base.sslSession().orElseThrow();
                assertThat(session.getProtocol()).isEqualTo(protocol);
                assertThat(session.getPeerCertificates())
                        .as("the chain the server sends")
                        .containsExactly(issued.certificate(), INTERMEDIATE.certificate());
            }
        }
    }

    @Test
    void refusesTls10And11() throws Exception {
        try (ServerTls tls = ServerTls.load(files(ROOT.server("registry", KeyType.RSA), KeyFormat.PKCS8));
                LocalServer server = LocalServer.start(registry, tls)) {
            assertThat(ClientHelloProbe.accepts(server.address(), ClientHelloProbe.TLS_1_2))
                    .as("the probe itself: TLS 1.2 is spoken")
                    .isTrue();
            assertThat(ClientHelloProbe.accepts(server.address(), ClientHelloProbe.TLS_1_1))
                    .as("TLS 1.1")
                    .isFalse();
            assertThat(ClientHelloProbe.accepts(server.address(), ClientHelloProbe.TLS_1_0))
                    .as("TLS 1.0")
                    .isFalse();
        }
    }

    @Test
    void blobsGoOutWholeFromFilesThroughEncryption() throws Exception {
        byte[] content = new byte[5 * 1024 * 1024 + 17];
        new Random(12).nextBytes(content);
        String digest = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        try (ServerTls tls = ServerTls.load(files(ROOT.server("registry", KeyType.EC), KeyFormat.PKCS8));
                LocalServer server = LocalServer.start(registry, tls)) {
            HttpClient client = client(ROOT.clientContext(null), "TLSv1.3");
            HttpResponse<String> pushed = client.send(
                    HttpRequest.newBuilder(server.base().resolve("/v2/tls/app/blobs/uploads/?digest=" + digest))
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);

            HttpResponse<byte[]> whole = client.send(
                    get(server.base(), "/v2/tls/app/blobs/" + digest), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(content);

            HttpResponse<byte[]> range = client.send(
                    HttpRequest.newBuilder(server.base().resolve("/v2/tls/app/blobs/" + digest))
                            .header("Range", "bytes=1000000-3000000")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 1_000_000, 3_000_001));
        }
    }

    @Test
    void mutualTlsLetsInOnlyClientsWithACertificateFromTheClientAuthority() throws Exception {
        TestCa clients = TestCa.root("Berth Test Clients", KeyType.EC);
        TestCa strangers = TestCa.root("Someone Else", KeyType.EC);
        TestCa.Issued issued = ROOT.server("registry", KeyType.RSA);
        TlsConfig config = TlsSettings.of(
                issued.writeChain(dir.resolve("chain.pem")),
                issued.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8),
                clients.writeCertificate(dir.resolve("clients.pem")));
        try (ServerTls tls = ServerTls.load(config);
                LocalServer server = LocalServer.start(registry, tls)) {
            for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
                HttpClient member = client(ROOT.clientContext(clients.client("ci", KeyType.EC)), protocol);
                assertThat(member.send(get(server.base(), "/v2/"), HttpResponse.BodyHandlers.discarding())
                                .statusCode())
                        .as("a client certificate from the client authority, %s", protocol)
                        .isEqualTo(200);

                HttpClient anonymous = client(ROOT.clientContext(null), protocol);
                assertThatThrownBy(() ->
                                anonymous.send(get(server.base(), "/v2/"), HttpResponse.BodyHandlers.discarding()))
                        .as("no client certificate, %s", protocol)
                        .isInstanceOf(IOException.class);

                HttpClient stranger = client(ROOT.clientContext(strangers.client("ci", KeyType.EC)), protocol);
                assertThatThrownBy(
                                () -> stranger.send(get(server.base(), "/v2/"), HttpResponse.BodyHandlers.discarding()))
                        .as("a client certificate from another authority, %s", protocol)
                        .isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void aNewCertificateGoesToNewConnectionsWhileOpenOnesKeepWorking() throws Exception {
        byte[] content = new byte[8 * 1024 * 1024];
        new Random(13).nextBytes(content);
        String digest = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        TestCa.Issued first = ROOT.server("registry", KeyType.EC);
        TlsConfig config = files(first, KeyFormat.PKCS8);
        try (ServerTls tls = ServerTls.load(config);
                LocalServer server = LocalServer.start(registry, tls)) {
            HttpClient kept = client(ROOT.clientContext(null), "TLSv1.3");
            assertThat(kept.send(
                                    HttpRequest.newBuilder(server.base()
                                                    .resolve("/v2/tls/app/blobs/uploads/?digest=" + digest))
                                            .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(201);
            HttpResponse<InputStream> download = kept.send(
                    get(server.base(), "/v2/tls/app/blobs/" + digest), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(served(download.sslSession().orElseThrow())).isEqualTo(first.certificate());
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            try (InputStream body = download.body()) {
                received.update(body.readNBytes(1024 * 1024));

                TestCa.Issued second = ROOT.server("registry", KeyType.RSA);
                second.writeChain(config.certificate().orElseThrow());
                second.writeKey(config.key().orElseThrow(), KeyFormat.TRADITIONAL);
                assertThat(tls.reload()).isTrue();

                HttpResponse<String> fresh = client(ROOT.clientContext(null), "TLSv1.3")
                        .send(get(server.base(), "/v2/"), HttpResponse.BodyHandlers.ofString());
                assertThat(fresh.statusCode()).isEqualTo(200);
                assertThat(served(fresh.sslSession().orElseThrow()))
                        .as("a new connection's certificate")
                        .isEqualTo(second.certificate());

                received.update(body.readAllBytes());
            }
            assertThat("sha256:" + HexFormat.of().formatHex(received.digest()))
                    .as("the download that was running during the replacement")
                    .isEqualTo(digest);
            HttpResponse<String> again = kept.send(get(server.base(), "/v2/"), HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(served(again.sslSession().orElseThrow()))
                    .as("the connection opened before the replacement is the one still in use")
                    .isEqualTo(first.certificate());
        }
    }

    @Test
    void tokenChallengesNameAnHttpsRealm() throws Exception {
        TestCa.Issued issued = ROOT.server("registry", KeyType.EC);
        TlsConfig files = files(issued, KeyFormat.PKCS8);
        Path users = Files.writeString(dir.resolve("users"), "");
        var config = new ConfigLoader()
                .environment(Map.of(
                        "BERTH_LISTEN", "127.0.0.1:0",
                        "BERTH_STORAGE", dir.resolve("server-data").toString(),
                        "BERTH_AUTH_MODE", "token",
                        "BERTH_AUTH_USERS", users.toString(),
                        "BERTH_AUTH_TOKEN_KEY", dir.resolve("key.jwk").toString(),
                        "BERTH_TLS_CERTIFICATE",
                                files.certificate().orElseThrow().toString(),
                        "BERTH_TLS_KEY", files.key().orElseThrow().toString()))
                .load();
        try (RegistryServer server = RegistryServer.start(config)) {
            URI base = URI.create("https://127.0.0.1:" + server.port());
            HttpResponse<String> challenge = client(ROOT.clientContext(null), "TLSv1.3")
                    .send(get(base, "/v2/"), HttpResponse.BodyHandlers.ofString());
            assertThat(challenge.statusCode()).isEqualTo(401);
            assertThat(challenge.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("Bearer realm=\"https://127.0.0.1:" + server.port() + "/token\"");
        }
    }

    private TlsConfig files(TestCa.Issued issued, KeyFormat format) {
        return TlsSettings.of(
                issued.writeChain(dir.resolve("chain.pem")), issued.writeKey(dir.resolve("key.pem"), format));
    }

    private static HttpClient client(SSLContext context, String protocol) {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(context)
                .sslParameters(parameters)
                .build();
    }

    private static HttpRequest get(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).GET().build();
    }

    private static Certificate served(SSLSession session) throws IOException {
        return session.getPeerCertificates()[0];
    }
}
