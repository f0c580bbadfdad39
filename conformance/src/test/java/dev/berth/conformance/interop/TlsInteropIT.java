package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * skopeo, podman and docker against the jar over HTTPS in token mode, each trusting the test's
 * authority the way its users set it up: {@code --cert-dir} for skopeo and podman, {@code
 * /etc/docker/certs.d/<host:port>/ca.crt} for docker. None of them has certificate verification
 * turned off, and each is first shown to refuse the server while it does not trust the authority,
 * so a passing test cannot come from a client that verifies nothing.
 */
class TlsInteropIT {

    private static BerthAuth auth;
    private static BerthTls tls;
    private static BerthProcess berth;

    @BeforeAll
    static void start() throws Exception {
        auth = BerthAuth.token(BerthAuth.ALICE_EVERYWHERE, "alice");
        tls = BerthTls.create();
        Map<String, String> env = new HashMap<>(auth.environment());
        env.putAll(tls.environment());
        berth = BerthProcess.startHttps(env, tls.clientContext());
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
            if (auth != null) {
                auth.close();
            }
        }
    }

    @Test
    void skopeoCopiesInAndOutWithTheAuthorityInItsCertDir() throws Exception {
        Tools.skopeo();
        try (ClientSandbox sandbox = ClientSandbox.create()) {
            Path source = sandbox.work().resolve("source");
            OciLayoutWriter.Image image = OciLayoutWriter.write(source, "v1", 7001, 300 * 1024, 520 * 1024, 40 * 1024);
            String reference = "docker://" + berth.hostPort() + "/interop/tls-skopeo:v1";
            String creds = "alice:" + auth.password("alice");
            Path certs = tls.certDir("skopeo", null);

            CommandResult untrusted = sandbox.skopeoAllowingFailure(
                    "copy", "--dest-tls-verify=true", "--dest-creds", creds, "oci:" + source + ":v1", reference);
            assertUnknownAuthority(untrusted);

            sandbox.skopeo(
                    "copy",
                    "--dest-tls-verify=true",
                    "--dest-cert-dir",
                    certs.toString(),
                    "--dest-creds",
                    creds,
                    "oci:" + source + ":v1",
                    reference);
            Path copy = sandbox.work().resolve("copy");
            sandbox.skopeo(
                    "copy",
                    "--src-tls-verify=true",
                    "--src-cert-dir",
                    certs.toString(),
                    "--src-creds",
                    creds,
                    reference,
                    "oci:" + copy + ":v1");

            assertSameBlobs(source, copy);
            assertThat(sandbox.skopeo(
                                    "inspect",
                                    "--tls-verify=true",
                                    "--cert-dir",
                                    certs.toString(),
                                    "--creds",
                                    creds,
                                    "--format",
                                    "{{.Digest}}",
                                    reference)
                            .stdout()
                            .trim())
                    .isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void podmanLogsInPushesAndPullsWithTheAuthorityInItsCertDir() throws Exception {
        Tools.podman();
        try (ClientSandbox sandbox = ClientSandbox.create()) {
            Path context = PodmanInteropIT.buildContext(sandbox, 7101);
            String image = berth.hostPort() + "/interop/tls-podman:1";
            String certs = tls.certDir("podman", null).toString();
            sandbox.podman(
                    "build", "-t", image, "-f", context.resolve("Containerfile").toString(), context.toString());

            CommandResult untrusted = sandbox.podmanAllowingFailure(
                    "login", "--tls-verify=true", "-u", "alice", "-p", auth.password("alice"), berth.hostPort());
            assertUnknownAuthority(untrusted);

            sandbox.podman(
                    "login",
                    "--tls-verify=true",
                    "--cert-dir",
                    certs,
                    "-u",
                    "alice",
                    "-p",
                    auth.password("alice"),
                    berth.hostPort());
            sandbox.podman("push", "--tls-verify=true", "--cert-dir", certs, image);
            String id = sandbox.podman("image", "inspect", "--format", "{{.Id}}", image)
                    .stdout()
                    .trim();
            sandbox.podman("rmi", image);
            sandbox.podman("pull", "--tls-verify=true", "--cert-dir", certs, image);

            assertThat(sandbox.podman("image", "inspect", "--format", "{{.Id}}", image)
                            .stdout()
                            .trim())
                    .as("image ID after pulling it back")
                    .isEqualTo(id);
        }
    }

    /**
     * docker reaches the server as {@link BerthTls#HOST_NAME} through a {@link ConnectProxy}: under
     * 127.0.0.1 it would count the registry as insecure and verify nothing.
     */
    @Test
    void dockerLogsInPushesAndPullsWithTheAuthorityInCertsD() throws Exception {
        String registry = BerthTls.HOST_NAME + ":" + berth.port();
        try (ConnectProxy proxy = ConnectProxy.start(BerthTls.HOST_NAME);
                DockerDaemon docker = DockerDaemon.start(proxyEnvironment(proxy))) {
            Path context = Files.createDirectories(docker.work().resolve("context"));
            SeededBytes.writeFile(context.resolve("first.bin"), 7201, 300 * 1024);
            SeededBytes.writeFile(context.resolve("second.bin"), 7202, 420 * 1024);
            Files.writeString(
                    context.resolve("Dockerfile"),
                    "FROM scratch\nCOPY first.bin /data/first.bin\nCOPY second.bin /data/second.bin\n");
            String image = registry + "/interop/tls-docker:1";
            docker.dockerOk(null, "build", "-t", image, context.toString());
            String id = docker.dockerOk(null, "image", "inspect", "--format", "{{.Id}}", image)
                    .stdout()
                    .trim();

            CommandResult untrusted = docker.docker(
                    auth.password("alice") + "\n",
                    DockerDaemon.COMMAND_TIMEOUT,
                    "login",
                    "-u",
                    "alice",
                    "--password-stdin",
                    registry);
            assertUnknownAuthority(untrusted);
            assertThat(proxy.tunnels())
                    .as("docker reached the server through the proxy, under its name")
                    .contains(registry);

            try (DockerCertsDir certs = DockerCertsDir.install(registry, tls.caCertificatePem())) {
                CommandResult login = docker.dockerOk(
                        auth.password("alice") + "\n", "login", "-u", "alice", "--password-stdin", registry);
                assertThat(login.stdout()).as(login.describe()).contains("Login Succeeded");
                docker.dockerOk(null, "push", image);
                docker.dockerOk(null, "rmi", image);
                docker.dockerOk(null, "pull", image);
                assertThat(docker.dockerOk(null, "image", "inspect", "--format", "{{.Id}}", image)
                                .stdout()
                                .trim())
                        .as("image ID after pulling it back")
                        .isEqualTo(id);
            }
            assertThat(Files.exists(DockerCertsDir.CERTS_D.resolve(registry)))
                    .as("certs.d entry removed")
                    .isFalse();
        }
    }

    /** dockerd's proxy settings: every HTTPS connection through {@code proxy}, no exceptions. */
    static Map<String, String> proxyEnvironment(ConnectProxy proxy) {
        return Map.of("HTTPS_PROXY", proxy.url(), "https_proxy", proxy.url(), "NO_PROXY", "", "no_proxy", "");
    }

    /** The client failed, and because it could not verify the server's certificate. */
    static void assertUnknownAuthority(CommandResult result) {
        assertThat(result.succeeded())
                .as("a client that does not trust the authority\n%s", result.describe())
                .isFalse();
        assertThat(result.stdout() + result.stderr())
                .as(result.describe())
                .containsAnyOf("certificate signed by unknown authority", "x509");
    }

    static void assertSameBlobs(Path source, Path copy) throws IOException {
        assertThat(blobNames(copy))
                .as("blobs in the layout copied back out of Berth")
                .containsExactlyInAnyOrderElementsOf(blobNames(source));
        for (String name : blobNames(source)) {
            assertThat(Files.mismatch(
                            source.resolve("blobs/sha256").resolve(name),
                            copy.resolve("blobs/sha256").resolve(name)))
                    .as("first differing byte of blob sha256:%s", name)
                    .isEqualTo(-1L);
        }
    }

    private static List<String> blobNames(Path layout) throws IOException {
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
