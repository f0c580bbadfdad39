package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.conformance.ClientAuth;
import dev.berth.conformance.RegistryClient;
import dev.berth.conformance.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code podman login} and {@code skopeo login} against the jar in token mode (users file made with
 * {@code berth user add}), then push, pull and copy through Docker's token flow. Each client keeps
 * its credentials in its sandbox's auth file ({@code REGISTRY_AUTH_FILE}).
 */
class TokenLoginIT {

    private static BerthAuth auth;
    private static BerthProcess berth;

    @BeforeAll
    static void start() throws Exception {
        auth = BerthAuth.token(BerthAuth.ALICE_EVERYWHERE, "alice");
        berth = BerthProcess.start(auth.environment());
    }

    @AfterAll
    static void stop() {
        try {
            if (berth != null) {
                berth.close();
            }
        } finally {
            if (auth != null) {
                auth.close();
            }
        }
    }

    /** The server's view, as alice, through the token flow. */
    private static RegistryClient registry() {
        return RegistryClient.connect(berth.baseUri(), null).withAuth(ClientAuth.user("alice", auth.password("alice")));
    }

    @Test
    void podmanLoginPushAndPull() throws Exception {
        Tools.podman();
        try (ClientSandbox sandbox = ClientSandbox.create()) {
            Path context = PodmanInteropIT.buildContext(sandbox, 6001);
            String image = berth.hostPort() + "/interop/podman-token:1";
            sandbox.podman(
                    "build", "-t", image, "-f", context.resolve("Containerfile").toString(), context.toString());

            CommandResult anonymous = sandbox.podmanAllowingFailure("push", "--tls-verify=false", image);
            assertThat(anonymous.exitCode())
                    .as("push before login\n%s", anonymous.describe())
                    .isNotZero();
            // Anonymous tokens grant nothing here, and the policy would not give more: 403.
            assertThat(anonymous.stderr().toLowerCase())
                    .as("push before login\n%s", anonymous.describe())
                    .containsAnyOf("unauthorized", "authentication required", "denied", "forbidden");

            CommandResult wrong = sandbox.podmanAllowingFailure(
                    "login",
                    "--tls-verify=false",
                    "-u",
                    "alice",
                    "-p",
                    "not-" + auth.password("alice"),
                    berth.hostPort());
            assertThat(wrong.exitCode())
                    .as("login with a wrong password\n%s", wrong.describe())
                    .isNotZero();

            sandbox.podman(
                    "login", "--tls-verify=false", "-u", "alice", "-p", auth.password("alice"), berth.hostPort());
            assertLoggedIn(sandbox, "podman login");
            sandbox.podman("push", "--tls-verify=false", image);
            String id = sandbox.podman("image", "inspect", "--format", "{{.Id}}", image)
                    .stdout()
                    .trim();
            sandbox.podman("rmi", image);
            sandbox.podman("pull", "--tls-verify=false", image);

            assertThat(sandbox.podman("image", "inspect", "--format", "{{.Id}}", image)
                            .stdout()
                            .trim())
                    .as("image ID after pulling it back")
                    .isEqualTo(id);
            JsonNode manifest = registry()
                    .get("/v2/interop/podman-token/manifests/1", "Accept", RegistryHttp.MANIFEST_ACCEPT)
                    .json();
            assertThat(manifest.path("config").path("digest").asText()).isEqualTo("sha256:" + id);
            assertTokenFlowUsed();
        }
    }

    @Test
    void skopeoLoginAndCopy() throws Exception {
        Tools.skopeo();
        try (ClientSandbox sandbox = ClientSandbox.create()) {
            Path layout = sandbox.work().resolve("layout");
            OciLayoutWriter.Image image = OciLayoutWriter.write(layout, "1", 7001, 200 * 1024, 90 * 1024);
            String reference = "docker://" + berth.hostPort() + "/interop/skopeo-token:1";

            sandbox.skopeo(
                    "login", "--tls-verify=false", "-u", "alice", "-p", auth.password("alice"), berth.hostPort());
            assertLoggedIn(sandbox, "skopeo login");
            sandbox.skopeo("copy", "--dest-tls-verify=false", "oci:" + layout + ":1", reference);
            Path back = sandbox.work().resolve("back");
            sandbox.skopeo("copy", "--src-tls-verify=false", reference, "oci:" + back + ":1");

            assertThat(sandbox.skopeo("inspect", "--tls-verify=false", "--raw", reference)
                            .stdout())
                    .isEqualTo(new String(image.manifest(), StandardCharsets.UTF_8));
            for (OciLayoutWriter.Layer layer : image.layers()) {
                Path copied =
                        back.resolve("blobs/sha256").resolve(layer.digest().substring("sha256:".length()));
                assertThat(RegistryHttp.sha256(Files.readAllBytes(copied))).isEqualTo(layer.digest());
            }
            Response pulled =
                    registry().get("/v2/interop/skopeo-token/manifests/1", "Accept", RegistryHttp.MANIFEST_ACCEPT);
            assertThat(pulled.header("Docker-Content-Digest")).hasValue(image.manifestDigest());
            assertTokenFlowUsed();
        }
    }

    /** The sandbox's auth file holds credentials for the registry. */
    private static void assertLoggedIn(ClientSandbox sandbox, String how) throws Exception {
        Path authFile = sandbox.work().getParent().resolve("auth.json");
        JsonNode auths = RegistryHttp.json(Files.readAllBytes(authFile)).path("auths");
        JsonNode entry = auths.path(berth.hostPort());
        assertThat(entry.isMissingNode())
                .as("%s: entry for %s in %s", how, berth.hostPort(), auths)
                .isFalse();
        String credentials =
                new String(Base64.getDecoder().decode(entry.path("auth").asText()), StandardCharsets.UTF_8);
        assertThat(credentials).as("%s: user in the auth file", how).startsWith("alice:");
    }

    /** The registry saw the client fetch tokens and answered no request with a 5xx. */
    private static void assertTokenFlowUsed() throws Exception {
        List<AccessLogEntry> log = berth.accessLog();
        assertThat(log).as("access log").anyMatch(e -> e.path().equals("/token") && e.status() == 200);
        assertThat(log).as("access log").anyMatch(e -> e.path().startsWith("/v2/") && e.status() == 401);
        assertThat(log).as("access log").noneMatch(e -> e.status() >= 500);
        assertThat(berth.output()).as("server log").doesNotContain(auth.password("alice"));
    }
}
