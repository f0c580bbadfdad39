package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar replaces its certificate when the files change, while a client is connected: a blob
 * download that started before the replacement finishes intact on its connection, which then
 * still serves further requests with the certificate it started with, and new connections get
 * the new certificate without a restart.
 */
class TlsRotationIT {
    /** The server looks at its files every 5 s; a slow machine gets far more. */
    private static final Duration PICKED_UP = Duration.ofSeconds(60);

    private static BerthTls tls;
    private static BerthProcess berth;

    @BeforeAll
    static void start() throws Exception {
        tls = BerthTls.create();
        berth = BerthProcess.startHttps(tls.environment(), tls.clientContext());
    }

    @AfterAll
    static void stop() {
        try {
            if (berth != null) {
                berth.close();
            }
        } finally {
            if (tls != null) {
                tls.close();
            }
        }
    }

    @Test
    void aDownloadRunningDuringTheReplacementFinishesAndNewConnectionsGetTheNewCertificate() throws Exception {
        byte[] content = new byte[48 * 1024 * 1024];
        new Random(7401).nextBytes(content);
        String digest = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        URI blob = berth.baseUri().resolve("/v2/interop/rotation/blobs/" + digest);
        HttpClient kept = client();
        HttpResponse<String> pushed = kept.send(
                HttpRequest.newBuilder(berth.baseUri().resolve("/v2/interop/rotation/blobs/uploads/?digest=" + digest))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        X509Certificate before = tls.serverCertificate();

        HttpResponse<InputStream> download =
                kept.send(HttpRequest.newBuilder(blob).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(served(download.sslSession().orElseThrow())).isEqualTo(before);
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        try (InputStream body = download.body()) {
            received.update(body.readNBytes(4 * 1024 * 1024));

            X509Certificate after = tls.rotate();
            awaitServed(after);

            received.update(body.readAllBytes());
        }
        assertThat("sha256:" + HexFormat.of().formatHex(received.digest()))
                .as("the download that ran across the replacement")
                .isEqualTo(digest);
        HttpResponse<String> again = kept.send(
                HttpRequest.newBuilder(berth.baseUri().resolve("/v2/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(served(again.sslSession().orElseThrow()))
                .as("the connection opened before the replacement is still the one in use")
                .isEqualTo(before);
        assertThat(berth.output()).contains("TLS files changed: new connections get certificate");
    }

    /** Opens new connections until one is served {@code expected}. */
    private static void awaitServed(X509Certificate expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PICKED_UP.toNanos();
        Certificate last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<Void> fresh = client().send(
                            HttpRequest.newBuilder(berth.baseUri().resolve("/v2/"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            assertThat(fresh.statusCode()).isEqualTo(200);
            last = served(fresh.sslSession().orElseThrow());
            if (last.equals(expected)) {
                return;
            }
            Thread.sleep(250);
        }
        fail("new connections still got " + ((X509Certificate) last).getSerialNumber() + " " + PICKED_UP.toSeconds()
                + " s after the files were replaced\n" + berth.output());
    }

    /** A client of its own: a new connection. */
    private static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls.clientContext())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static Certificate served(SSLSession session) throws IOException {
        return session.getPeerCertificates()[0];
    }
}
