package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * podman builds images FROM scratch (COPY only: no RUN, so no container runtime and no emulation
 * for a foreign platform), pushes them to Berth, pulls them back, retags, and pushes a two-platform
 * manifest list.
 */
class PodmanInteropIT {

    private static BerthProcess berth;
    private static RegistryHttp registry;

    @BeforeAll
    static void start() throws Exception {
        berth = BerthProcess.start();
        registry = new RegistryHttp(berth.baseUri());
    }

    /** Per test rather than per class, so that a missing client counts as skipped tests in the reports. */
    @BeforeEach
    void requireClient() {
        Tools.podman();
    }

    @AfterAll
    static void stop() throws Exception {
        if (berth != null) {
            berth.close();
        }
    }

    /** A build context: two files of random bytes (real, incompressible layers) and a Containerfile. */
    static Path buildContext(ClientSandbox sandbox, long seed) throws Exception {
        Path context = Files.createDirectories(sandbox.work().resolve("context-" + seed));
        SeededBytes.writeFile(context.resolve("first.bin"), seed, 300 * 1024);
        SeededBytes.writeFile(context.resolve("second.bin"), seed + 1, 420 * 1024);
        Files.writeString(
                context.resolve("Containerfile"),
                "FROM scratch\nCOPY first.bin /data/first.bin\nCOPY second.bin /data/second.bin\n");
        return context;
    }

    @Test
    void buildPushRemovePullRetagAndPushAgain() throws Exception {
        try (ClientSandbox sandbox = ClientSandbox.create()) {
            Path context = buildContext(sandbox, 2001);
            String repository = "interop/podman";
            String first = berth.hostPort() + "/" + repository + ":1";
            String second = berth.hostPort() + "/" + repository + ":2";

            sandbox.podman(
                    "build", "-t", first, "-f", context.resolve("Containerfile").toString(), context.toString());
            String builtId = imageId(sandbox, first);
            sandbox.podman("push", "--tls-verify=false", first);

            JsonNode manifest = RegistryHttp.json(registry.manifest(repository, "1"));
            assertThat(manifest.path("config").path("digest").asText())
                    .as("config digest = podman's image ID")
                    .isEqualTo("sha256:" + builtId);
            List<String> layers = digests(manifest.path("layers"));
            assertThat(layers).hasSize(2);

            sandbox.podman("rmi", first);
            assertThat(sandbox.podmanAllowingFailure("image", "exists", first).exitCode())
                    .as("podman image exists after rmi")
                    .isEqualTo(1);

            int logged = berth.accessLog().size();
            sandbox.podman("pull", "--tls-verify=false", first);
            List<AccessLogEntry> log = berth.accessLog();
            List<AccessLogEntry> pull = log.subList(logged, log.size());
            for (String layer : layers) {
                String path = "/v2/" + repository + "/blobs/" + layer;
                assertThat(pull)
                        .as("requests of the pull, looking for GET %s 200", path)
                        .anyMatch(e -> e.method().equals("GET") && e.path().equals(path) && e.status() == 200);
            }
            assertThat(imageId(sandbox, first))
                    .as("image ID after pulling it back")
                    .isEqualTo(builtId);

            sandbox.podman("tag", first, second);
            sandbox.podman("push", "--tls-verify=false", second);

            assertThat(registry.tags(repository)).containsExactlyInAnyOrder("1", "2");
            JsonNode retagged = RegistryHttp.json(registry.manifest(repository, "2"));
            assertThat(retagged.path("config").path("digest").asText()).isEqualTo("sha256:" + builtId);
            assertThat(digests(retagged.path("layers"))).isEqualTo(layers);
        }
    }

    @Test
    void manifestListOfTwoPlatformsPushedWithAll() throws Exception {
        try (ClientSandbox sandbox = ClientSandbox.create()) {
            Path context = buildContext(sandbox, 3001);
            String containerfile = context.resolve("Containerfile").toString();
            // --no-cache: otherwise the second build reuses the first one's image, platform and all.
            for (String arch : List.of("amd64", "arm64")) {
                sandbox.podman(
                        "build",
                        "--no-cache",
                        "--platform",
                        "linux/" + arch,
                        "-t",
                        "localhost/interop-multi:" + arch,
                        "-f",
                        containerfile,
                        context.toString());
            }
            sandbox.podman("manifest", "create", "localhost/interop-multi:list");
            for (String arch : List.of("amd64", "arm64")) {
                sandbox.podman(
                        "manifest",
                        "add",
                        "localhost/interop-multi:list",
                        "containers-storage:localhost/interop-multi:" + arch);
            }
            String repository = "interop/multi";
            sandbox.podman(
                    "manifest",
                    "push",
                    "--all",
                    "--tls-verify=false",
                    "localhost/interop-multi:list",
                    "docker://" + berth.hostPort() + "/" + repository + ":v1");

            byte[] indexBytes = registry.manifest(repository, "v1");
            JsonNode index = RegistryHttp.json(indexBytes);
            assertThat(index.path("mediaType").asText())
                    .isIn(
                            "application/vnd.oci.image.index.v1+json",
                            "application/vnd.docker.distribution.manifest.list.v2+json");
            List<String> platforms = new ArrayList<>();
            for (JsonNode child : index.path("manifests")) {
                String platform = child.path("platform").path("os").asText() + "/"
                        + child.path("platform").path("architecture").asText();
                platforms.add(platform);
                String digest = child.path("digest").asText();
                byte[] childBytes = registry.manifest(repository, digest);
                assertThat(RegistryHttp.sha256(childBytes))
                        .as("digest of child manifest for %s", platform)
                        .isEqualTo(digest);
                assertThat((long) childBytes.length)
                        .as("size of child manifest for %s", platform)
                        .isEqualTo(child.path("size").asLong());
                JsonNode childManifest = RegistryHttp.json(childBytes);
                JsonNode config = RegistryHttp.json(registry.blob(
                        repository, childManifest.path("config").path("digest").asText()));
                assertThat(config.path("os").asText() + "/"
                                + config.path("architecture").asText())
                        .as("platform in the config of the %s image", platform)
                        .isEqualTo(platform);
                for (String layer : digests(childManifest.path("layers"))) {
                    assertThat(registry.head("/v2/" + repository + "/blobs/" + layer)
                                    .statusCode())
                            .as("HEAD of layer %s of %s", layer, platform)
                            .isEqualTo(200);
                }
            }
            assertThat(platforms)
                    .as("platforms in the pushed index %s", new String(indexBytes))
                    .containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
        }
    }

    private static String imageId(ClientSandbox sandbox, String reference) throws Exception {
        return sandbox.podman("image", "inspect", "--format", "{{.Id}}", reference)
                .stdout()
                .trim();
    }

    static List<String> digests(JsonNode descriptors) {
        List<String> digests = new ArrayList<>();
        descriptors.forEach(d -> digests.add(d.path("digest").asText()));
        return digests;
    }
}
