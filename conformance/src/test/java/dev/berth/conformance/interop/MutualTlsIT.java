package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testing.TestCa;
import dev.berth.registry.testing.TestCa.KeyType;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS with a real client: skopeo presents a certificate from the client authority (the
 * {@code client.cert} and {@code client.key} of its {@code --cert-dir}) and copies an image in and
 * out; without one, or with one from another authority, the server refuses it.
 */
class MutualTlsIT {

    private static BerthTls tls;
    private static BerthProcess berth;

    @BeforeAll
    static void start() throws Exception {
        tls = BerthTls.withClientCertificates();
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
    void skopeoWithAClientCertificateCopiesInAndOutAndWithoutOneIsRefused() throws Exception {
        Tools.skopeo();
        try (ClientSandbox sandbox = ClientSandbox.create()) {
            Path source = sandbox.work().resolve("source");
            OciLayoutWriter.write(source, "v1", 7301, 200 * 1024, 300 * 1024);
            String reference = "docker://" + berth.hostPort() + "/interop/mtls:v1";
            Path anonymous = tls.certDir("anonymous", null);
            Path member = tls.certDir("member", tls.clientCertificate("ci"));
            Path stranger = tls.certDir(
                    "stranger", TestCa.root("Someone Else", KeyType.EC).client("ci", KeyType.EC));

            for (Path refused : new Path[] {anonymous, stranger}) {
                CommandResult result = sandbox.skopeoAllowingFailure(
                        "copy",
                        "--dest-tls-verify=true",
                        "--dest-cert-dir",
                        refused.toString(),
                        "oci:" + source + ":v1",
                        reference);
                assertThat(result.succeeded())
                        .as("copy with %s\n%s", refused.getFileName(), result.describe())
                        .isFalse();
                assertThat(result.stderr()).as(result.describe()).containsIgnoringCase("tls");
            }

            sandbox.skopeo(
                    "copy",
                    "--dest-tls-verify=true",
                    "--dest-cert-dir",
                    member.toString(),
                    "oci:" + source + ":v1",
                    reference);
            Path copy = sandbox.work().resolve("copy");
            sandbox.skopeo(
                    "copy",
                    "--src-tls-verify=true",
                    "--src-cert-dir",
                    member.toString(),
                    reference,
                    "oci:" + copy + ":v1");
            TlsInteropIT.assertSameBlobs(source, copy);
        }
    }
}
