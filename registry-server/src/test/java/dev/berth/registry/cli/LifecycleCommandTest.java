package dev.berth.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.content.Registry;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.MediaTypes;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.testing.AuthFixtures.MutableClock;
import dev.berth.storage.fs.FileSystemStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth lifecycle}: a dry run lists, a run expires, what the configured rules select. */
class LifecycleCommandTest {
    private static final RepositoryName APP = new RepositoryName("app");

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int lifecycle(String... args) {
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "lifecycle";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    /** Two untagged images pushed a year ago, a day apart; the older one's digest. */
    private Digest pushOldImages() {
        MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofDays(365)));
        Digest older = null;
        try (FileSystemStorage storage = new FileSystemStorage(dir.resolve("data"))) {
            Registry registry = new Registry(storage, clock, Duration.ZERO);
            for (String variant : List.of("a", "b")) {
                byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
                byte[] layer = variant.getBytes(StandardCharsets.UTF_8);
                for (byte[] blob : List.of(config, layer)) {
                    registry.uploads()
                            .putWhole(
                                    APP,
                                    Digest.of(DigestAlgorithm.SHA256, blob),
                                    sink -> sink.accept(ByteBuffer.wrap(blob)));
                }
                byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                                + Digest.of(DigestAlgorithm.SHA256, config)
                                + "\",\"size\":2},\"layers\":[{\"mediaType\":"
                                + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                                + Digest.of(DigestAlgorithm.SHA256, layer) + "\",\"size\":1}]}")
                        .getBytes(StandardCharsets.UTF_8);
                Digest digest = Digest.of(DigestAlgorithm.SHA256, manifest);
                registry.manifests().put(APP, new Reference(null, digest), manifest, null, List.of());
                older = older == null ? digest : older;
                clock.advance(Duration.ofDays(1));
            }
        }
        return older;
    }

    /** The rules, with a grace period of 0 s: a grace period keeps what was pushed within it (see the other test). */
    private Path config() throws Exception {
        return Files.writeString(dir.resolve("berth.yaml"), """
                storage: %s
                gc:
                  grace: 0s
                repositories:
                  lifecycle:
                    - repositories: ["**"]
                      policy: {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged",
                        "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}]}
                """.formatted(dir.resolve("data")));
    }

    @Test
    void aDryRunListsAndARunExpires() throws Exception {
        Digest older = pushOldImages();
        Path config = config();

        assertThat(lifecycle("--config", config.toString(), "--dry-run"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("would expire app@" + older + " [] by rule 1: image 2 of 2")
                .contains("dry run: would expire 1 image(s) in 1 repository");

        out.getBuffer().setLength(0);
        assertThat(lifecycle("--config", config.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("expired app@" + older).contains("expired 1 image(s)");
        try (FileSystemStorage storage = new FileSystemStorage(dir.resolve("data"))) {
            assertThat(new Registry(storage, java.time.Clock.systemUTC())
                            .manifests()
                            .isRevision(APP, older))
                    .isFalse();
        }
    }

    @Test
    void whatWasPushedWithinTheGracePeriodIsHeld() throws Exception {
        Digest older = pushOldImages();
        Path config = Files.writeString(
                dir.resolve("grace.yaml"), Files.readString(config()).replace("0s", "1h"));
        assertThat(lifecycle("--config", config.toString())).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("keeps app@" + older)
                .contains("held: pushed, tagged or referenced again")
                .contains("expired 0 image(s)");
    }

    @Test
    void anInvalidPolicyOrNoneExitsTwo() throws Exception {
        Path bad = Files.writeString(
                dir.resolve("bad.yaml"),
                "repositories:\n  lifecycle:\n    - repositories: [app]\n" + "      policy: {rules: []}\n");
        assertThat(lifecycle("--config", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("\"rules\" must be a non-empty list");
        assertThat(lifecycle("--storage", dir.resolve("data").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no lifecycle rules configured");
    }
}
