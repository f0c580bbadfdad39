package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a docker user sees of immutable tags and quotas: {@code docker push} of a tag moved to
 * another image, and of an image over its repository's quota, fails and prints the registry's
 * message. The jar runs with the rules in its environment, as an operator would set them.
 */
class RepositoryRulesDockerIT {

    private static final String IMMUTABLE = "interop/immutable";
    private static final String LIMITED = "interop/limited";

    private static BerthProcess berth;
    private static RegistryHttp http;

    @BeforeAll
    static void start() throws Exception {
        berth = BerthProcess.start(Map.of(
                "BERTH_REPOSITORIES_IMMUTABLE_TAGS",
                        "[{\"repositories\": [\"" + IMMUTABLE + "\"], " + "\"exclude-tags\": [\"latest\"]}]",
                "BERTH_REPOSITORIES_QUOTAS", "[{\"repositories\": \"" + LIMITED + "\", \"limit\": \"1MiB\"}]"));
        http = new RegistryHttp(berth.baseUri());
    }

    @AfterAll
    static void stop() {
        if (berth != null) {
            berth.close();
        }
    }

    /** Builds a FROM-scratch image with one layer per size, each of bytes made from its own seed. */
    private static void build(DockerDaemon docker, String name, int seed, int... sizes)
            throws IOException, InterruptedException {
        Path context = Files.createTempDirectory(docker.work(), "context-");
        StringBuilder dockerfile = new StringBuilder("FROM scratch\n");
        for (int i = 0; i < sizes.length; i++) {
            SeededBytes.writeFile(context.resolve("layer" + i + ".bin"), seed + i, sizes[i]);
            dockerfile
                    .append("COPY layer")
                    .append(i)
                    .append(".bin /data/layer")
                    .append(i)
                    .append(".bin\n");
        }
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        docker.dockerOk(null, "build", "-t", name, context.toString());
    }

    private static CommandResult pushFails(DockerDaemon docker, String name) throws IOException, InterruptedException {
        CommandResult push = docker.docker(null, DockerDaemon.COMMAND_TIMEOUT, "push", name);
        assertThat(push.succeeded())
                .as("docker push should have failed:\n%s", push.describe())
                .isFalse();
        System.err.printf(
                "docker push %s failed as it should:%n%s%n", name, push.stderr().strip());
        return push;
    }

    @Test
    void pushingAMovedImmutableTagFailsWithTheRegistrysMessage() throws Exception {
        try (DockerDaemon docker = DockerDaemon.start()) {
            String repository = berth.hostPort() + "/" + IMMUTABLE;
            build(docker, repository + ":1.0", 9100, 64 * 1024);
            docker.dockerOk(null, "tag", repository + ":1.0", repository + ":latest");
            docker.dockerOk(null, "push", "--all-tags", repository);
            String pushed = RegistryHttp.sha256(http.manifest(IMMUTABLE, "1.0"));

            build(docker, repository + ":1.0", 9200, 64 * 1024);
            CommandResult moved = pushFails(docker, repository + ":1.0");

            assertThat(moved.stdout() + moved.stderr()).as(moved.describe()).contains("tag is immutable: 1.0");
            assertThat(RegistryHttp.sha256(http.manifest(IMMUTABLE, "1.0")))
                    .as("what 1.0 points at")
                    .isEqualTo(pushed);
            // The new image goes under a new tag, and latest (excluded from the rule) moves to it.
            for (String tag : new String[] {"1.1", "latest"}) {
                docker.dockerOk(null, "tag", repository + ":1.0", repository + ":" + tag);
                docker.dockerOk(null, "push", repository + ":" + tag);
            }
            assertThat(RegistryHttp.sha256(http.manifest(IMMUTABLE, "latest")))
                    .as("what latest points at")
                    .isEqualTo(RegistryHttp.sha256(http.manifest(IMMUTABLE, "1.1")))
                    .isNotEqualTo(pushed);
        }
    }

    @Test
    void pushingAnImageOverItsQuotaFailsWithTheRegistrysMessage() throws Exception {
        try (DockerDaemon docker = DockerDaemon.start()) {
            String name = berth.hostPort() + "/" + LIMITED + ":1";
            // Each layer fits on its own; together they pass the limit: the manifest push is refused.
            build(docker, name, 9300, 600 * 1024, 600 * 1024);

            CommandResult over = pushFails(docker, name);

            assertThat(over.stdout() + over.stderr())
                    .as(over.describe())
                    .contains("quota " + LIMITED + " (1 MiB per repository) exceeded: " + LIMITED + " would use");
            assertThat(http.get("/v2/" + LIMITED + "/manifests/1", RegistryHttp.MANIFEST_ACCEPT)
                            .statusCode())
                    .as("the refused tag")
                    .isEqualTo(404);
        }
    }
}
