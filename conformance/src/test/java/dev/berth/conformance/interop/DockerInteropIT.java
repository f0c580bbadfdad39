package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Docker against the jar in token mode, as a user would: {@code docker login} (which stores a
 * refresh token, docker's identitytoken, rather than the password), {@code docker push} of a
 * locally built FROM-scratch image, a second push to another repository that mounts or skips every
 * layer, and {@code docker pull} back. The test brings its own daemon ({@link DockerDaemon}).
 */
class DockerInteropIT {

    /** docker push's per-layer progress lines: {@code 0123456789ab: Pushed}. */
    private static final Pattern LAYER_LINE = Pattern.compile("(?m)^([0-9a-f]{12}): (.+)$");

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

    @Test
    void loginPushMountToASecondRepositoryAndPullBack() throws Exception {
        try (DockerDaemon docker = DockerDaemon.start()) {
            Path context = Files.createDirectories(docker.work().resolve("context"));
            SeededBytes.writeFile(context.resolve("first.bin"), 8001, 300 * 1024);
            SeededBytes.writeFile(context.resolve("second.bin"), 8002, 420 * 1024);
            Files.writeString(
                    context.resolve("Dockerfile"),
                    "FROM scratch\nCOPY first.bin /data/first.bin\nCOPY second.bin /data/second.bin\n");
            String first = berth.hostPort() + "/interop/docker:1";
            String second = berth.hostPort() + "/interop/docker-second:1";

            docker.dockerOk(null, "build", "-t", first, context.toString());
            String id = docker.dockerOk(null, "image", "inspect", "--format", "{{.Id}}", first)
                    .stdout()
                    .trim();
            int layers = Integer.parseInt(
                    docker.dockerOk(null, "image", "inspect", "--format", "{{len .RootFS.Layers}}", first)
                            .stdout()
                            .trim());
            assertThat(layers).as("layers of the built image").isEqualTo(2);

            CommandResult login = docker.dockerOk(
                    auth.password("alice") + "\n", "login", "-u", "alice", "--password-stdin", berth.hostPort());
            assertThat(login.stdout()).as(login.describe()).contains("Login Succeeded");
            assertIdentityTokenStored(docker);
            int afterLogin = berth.accessLog().size();

            CommandResult push = docker.dockerOk(null, "push", first);
            String digest = pushedDigest(push);
            List<AccessLogEntry> sincePush = since(afterLogin);
            assertThat(sincePush)
                    .as("requests of the push after login:\n%s", describe(sincePush))
                    .anyMatch(e -> e.method().equals("POST") && e.path().equals("/token") && e.status() == 200)
                    .noneMatch(e -> e.path().equals("/token") && e.status() != 200)
                    .noneMatch(e -> e.method().equals("GET") && e.path().equals("/token"));

            docker.dockerOk(null, "tag", first, second);
            CommandResult again = docker.dockerOk(null, "push", second);
            Map<String, String> outcome = layerOutcomes(again);
            assertThat(outcome)
                    .as("per-layer outcome of the second push\n%s", again.describe())
                    .hasSize(layers);
            assertThat(outcome.values())
                    .as("per-layer outcome of the second push\n%s", again.describe())
                    .allMatch(s -> s.startsWith("Mounted from interop/docker") || s.equals("Layer already exists"));
            assertThat(pushedDigest(again)).as("digest of the second push").isEqualTo(digest);

            docker.dockerOk(null, "rmi", first, second);
            assertThat(docker.docker(null, DockerDaemon.COMMAND_TIMEOUT, "image", "inspect", first)
                            .succeeded())
                    .as("image still there after rmi")
                    .isFalse();
            docker.dockerOk(null, "pull", second);
            assertThat(docker.dockerOk(null, "image", "inspect", "--format", "{{.Id}}", second)
                            .stdout()
                            .trim())
                    .as("image ID after pulling it back")
                    .isEqualTo(id);
            assertThat(docker.dockerOk(null, "image", "inspect", "--format", "{{json .RepoDigests}}", second)
                            .stdout())
                    .as("repo digests after the pull")
                    .contains(berth.hostPort() + "/interop/docker-second@" + digest);
            String identityToken = RegistryHttp.json(
                            Files.readAllBytes(docker.configDir().resolve("config.json")))
                    .path("auths")
                    .path(berth.hostPort())
                    .path("identitytoken")
                    .asText();
            assertThat(berth.output())
                    .as("server log")
                    .doesNotContain(auth.password("alice"))
                    .doesNotContain(identityToken);
            System.err.printf(
                    "docker: second push %s; %d requests to the token service after login%n",
                    outcome,
                    since(afterLogin).stream()
                            .filter(e -> e.path().equals("/token"))
                            .count());
        }
    }

    /**
     * {@code config.json} holds docker's identitytoken for the registry, and neither the
     * password nor an {@code auth} entry that would carry it.
     */
    private static void assertIdentityTokenStored(DockerDaemon docker) throws Exception {
        String text = Files.readString(docker.configDir().resolve("config.json"), StandardCharsets.UTF_8);
        JsonNode entry = RegistryHttp.json(text.getBytes(StandardCharsets.UTF_8))
                .path("auths")
                .path(berth.hostPort());
        assertThat(entry.path("identitytoken").asText(""))
                .as("identitytoken in config.json:\n%s", text)
                .isNotEmpty();
        assertThat(text).as("config.json").doesNotContain(auth.password("alice"));
        String stored = entry.path("auth").asText("");
        if (!stored.isEmpty()) {
            assertThat(new String(Base64.getDecoder().decode(stored), StandardCharsets.UTF_8))
                    .as("auth entry in config.json")
                    .doesNotContain(auth.password("alice"));
        }
    }

    private List<AccessLogEntry> since(int index) throws Exception {
        List<AccessLogEntry> log = berth.accessLog();
        return log.subList(Math.min(index, log.size()), log.size());
    }

    private static String describe(List<AccessLogEntry> entries) {
        return entries.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }

    /** The digest of docker push's last line: {@code TAG: digest: sha256:... size: N}. */
    private static String pushedDigest(CommandResult push) {
        Matcher m = Pattern.compile("digest: (sha256:[0-9a-f]{64})").matcher(push.stdout());
        assertThat(m.find()).as("digest line in\n%s", push.describe()).isTrue();
        return m.group(1);
    }

    /** Each layer's last progress line. */
    private static Map<String, String> layerOutcomes(CommandResult push) {
        Map<String, String> last = new LinkedHashMap<>();
        Matcher m = LAYER_LINE.matcher(push.stdout());
        while (m.find()) {
            last.put(m.group(1), m.group(2).trim());
        }
        return last;
    }
}
