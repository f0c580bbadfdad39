package dev.berth.conformance.interop;

import dev.berth.registry.testing.TestCa;
import dev.berth.registry.testing.TestCa.KeyFormat;
import dev.berth.registry.testing.TestCa.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The TLS files of a {@link BerthProcess}, made in the test: a root authority, an intermediate that
 * issues the server's certificate (for {@value #HOST_NAME}, {@code localhost} and {@code
 * 127.0.0.1}; the file holds the chain), its key, and optionally an authority for client
 * certificates (mutual TLS). They live in a temporary directory of their own that {@link #close()}
 * removes; {@link #environment()} is what the server is started with ({@code BERTH_TLS_*}).
 */
public final class BerthTls implements AutoCloseable {
    /**
     * A name for the registry outside 127.0.0.0/8, for docker: it treats every registry whose name
     * resolves there as insecure, which skips certificate verification (see {@link ConnectProxy}).
     */
    static final String HOST_NAME = "registry.berth.test";

    private final Path dir;
    private final TestCa root;
    private final TestCa issuer;
    private final Optional<TestCa> clients;
    private TestCa.Issued server;

    private BerthTls(Path dir, Optional<TestCa> clients) {
        this.dir = dir;
        this.root = TestCa.root("Berth Interop Root", KeyType.RSA);
        this.issuer = root.intermediate("Berth Interop Intermediate");
        this.clients = clients;
        this.server = issue();
    }

    /** HTTPS with a certificate from a fresh test authority. */
    public static BerthTls create() throws IOException {
        return create(false);
    }

    /** HTTPS that also asks every client for a certificate from an authority of its own. */
    public static BerthTls withClientCertificates() throws IOException {
        return create(true);
    }

    private static BerthTls create(boolean mutual) throws IOException {
        Path dir = TempDirs.create("berth-interop-tls-");
        try {
            return new BerthTls(
                    dir, mutual ? Optional.of(TestCa.root("Berth Interop Clients", KeyType.EC)) : Optional.empty());
        } catch (RuntimeException | Error e) {
            TempDirs.deleteTree(dir);
            throw e;
        }
    }

    /** {@code BERTH_TLS_*} for {@link BerthProcess#startHttps}. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BERTH_TLS_CERTIFICATE", dir.resolve("server/chain.pem").toString());
        env.put("BERTH_TLS_KEY", dir.resolve("server/key.pem").toString());
        clients.ifPresent(ca -> env.put(
                "BERTH_TLS_CLIENT_CA",
                ca.writeCertificate(dir.resolve("clients.pem")).toString()));
        return env;
    }

    /** The root authority's certificate as PEM, as {@code ca.crt} files hold it. */
    public String caCertificatePem() throws IOException {
        return Files.readString(root.writeCertificate(dir.resolve("root.pem")));
    }

    /**
     * A directory with {@code ca.crt}, for {@code --cert-dir} of skopeo and podman (and the layout
     * of docker's {@code certs.d/<host:port>/}); with {@code clientCertificate} its {@code
     * client.cert} and {@code client.key} too.
     */
    public Path certDir(String name, TestCa.Issued clientCertificate) throws IOException {
        Path certs = Files.createDirectories(dir.resolve("cert-dirs").resolve(name));
        root.writeCertificate(certs.resolve("ca.crt"));
        if (clientCertificate != null) {
            clientCertificate.writeChain(certs.resolve("client.cert"));
            clientCertificate.writeKey(certs.resolve("client.key"), KeyFormat.PKCS8);
        }
        return certs;
    }

    /** A client certificate from the client authority. */
    public TestCa.Issued clientCertificate(String name) {
        return clients.orElseThrow(() -> new IllegalStateException("no client authority"))
                .client(name, KeyType.EC);
    }

    /**
     * A context for the test's own requests: trusts the root authority, and with client
     * certificates presents one from the client authority.
     */
    public SSLContext clientContext() {
        return root.clientContext(
                clients.map(ca -> ca.client("berth-interop", KeyType.EC)).orElse(null));
    }

    /** The certificate the server was last given. */
    public X509Certificate serverCertificate() {
        return server.certificate();
    }

    /**
     * Replaces the server's certificate and key with new ones from the same authority, as a
     * certificate tool would: each file written beside the old one and moved over it, certificate
     * first.
     */
    public X509Certificate rotate() {
        server = issue();
        return server.certificate();
    }

    private TestCa.Issued issue() {
        try {
            Files.createDirectories(dir.resolve("server"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        TestCa.Issued issued = issuer.server(HOST_NAME, KeyType.EC, HOST_NAME);
        issued.writeChain(dir.resolve("server/chain.pem"));
        issued.writeKey(dir.resolve("server/key.pem"), KeyFormat.TRADITIONAL);
        return issued;
    }

    @Override
    public void close() {
        TempDirs.deleteTree(dir);
    }
}
