package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The repository's {@code docker-compose.yml} (Berth on MinIO) as {@code docker-compose config}
 * reads it. Running it needs the public MinIO images, which CI cannot pull; this checks that the
 * file is valid and wires Berth to the bucket the one-shot job creates.
 */
class ComposeFileIT {
    private static final Map<String, String> CREDENTIALS =
            Map.of("BERTH_S3_ACCESS_KEY", "berth", "BERTH_S3_SECRET_KEY", "compose-test-secret");

    @Test
    void berthWaitsForTheBucketAndUsesItThroughPathStyleS3() throws Exception {
        Path compose = Tools.require("docker-compose");
        Path file = Path.of(System.getProperty("basedir", ""))
                .toAbsolutePath()
                .resolve("../docker-compose.yml")
                .normalize();
        CommandResult config = run(compose, file, CREDENTIALS);
        assertThat(config.succeeded()).as(config.describe()).isTrue();
        JsonNode services =
                new ObjectMapper(new YAMLFactory()).readTree(config.stdout()).path("services");
        assertThat(services.fieldNames()).toIterable().containsExactlyInAnyOrder("minio", "createbucket", "berth");

        JsonNode berth = services.path("berth");
        assertThat(Path.of(berth.path("build").path("context").asText())).isEqualTo(file.getParent());
        assertThat(berth.path("depends_on")
                        .path("createbucket")
                        .path("condition")
                        .asText())
                .isEqualTo("service_completed_successfully");
        JsonNode env = berth.path("environment");
        assertThat(env.path("BERTH_STORAGE").asText()).isEqualTo("s3://registry/berth");
        assertThat(env.path("BERTH_S3_ENDPOINT").asText()).isEqualTo("http://minio:9000");
        assertThat(env.path("BERTH_S3_PATH_STYLE").asText()).isEqualTo("true");
        assertThat(env.path("BERTH_S3_ACCESS_KEY").asText()).isEqualTo("berth");
        assertThat(env.path("BERTH_S3_SECRET_KEY").asText()).isEqualTo("compose-test-secret");
        assertThat(services.path("minio")
                        .path("environment")
                        .path("MINIO_ROOT_PASSWORD")
                        .asText())
                .isEqualTo("compose-test-secret");
        assertThat(services.path("createbucket").path("entrypoint").toString()).contains("mc mb --ignore-existing");

        CommandResult withoutCredentials = run(compose, file, Map.of());
        assertThat(withoutCredentials.succeeded())
                .as("config without credentials\n%s", withoutCredentials.describe())
                .isFalse();
        assertThat(withoutCredentials.stderr()).contains("BERTH_S3_ACCESS_KEY");
    }

    private static CommandResult run(Path compose, Path file, Map<String, String> env) throws Exception {
        List<String> command = List.of(
                compose.toString(),
                "--project-directory",
                file.getParent().toString(),
                "-f",
                file.toString(),
                "config");
        Path out = Files.createTempFile("compose", ".out");
        Path err = Files.createTempFile("compose", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(file.getParent().toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment()
                    .keySet()
                    .removeIf(k -> k.startsWith("BERTH_") || k.startsWith("COMPOSE_") || k.startsWith("DOCKER_"));
            builder.environment().putAll(env);
            long started = System.nanoTime();
            Process p = builder.start();
            p.getOutputStream().close();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            return new CommandResult(
                    command,
                    p.isAlive() ? -1 : p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8),
                    java.time.Duration.ofNanos(System.nanoTime() - started));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
