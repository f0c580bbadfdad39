package dev.berth.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.content.Registry;
import dev.berth.registry.content.RegistryLayout;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.testing.Tmpfs;
import dev.berth.storage.StorageException;
import dev.berth.storage.fs.FileSystemStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcCommandTest {
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int gc(String... args) {
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "gc";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    Path store() {
        return dir.resolve("data");
    }

    /**
     * An orphan blob: uploaded, never referenced, by a server whose grace period is 0 s (so its
     * claim on the blob stands for no time at all).
     */
    Digest orphan() {
        return orphan(store(), "orphan".getBytes(StandardCharsets.UTF_8));
    }

    static Digest orphan(Path store, byte[] bytes) {
        Digest digest = Digest.of(DigestAlgorithm.SHA256, bytes);
        try (FileSystemStorage storage = new FileSystemStorage(store)) {
            new Registry(storage, Clock.systemUTC(), Duration.ZERO)
                    .uploads()
                    .putWhole(new RepositoryName("app"), digest, sink -> sink.accept(ByteBuffer.wrap(bytes)));
        }
        return digest;
    }

    List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(store())) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    Path config(String yaml) throws IOException {
        Path file = dir.resolve("berth.yaml");
        Files.writeString(file, yaml + "\nstorage: " + store() + "\n");
        return file;
    }

    @Test
    void aDryRunReportsAndDeletesNothing() throws Exception {
        orphan();
        Thread.sleep(20);
        Path config = config("gc:\n  grace: 0s");
        List<Path> before = files();
        assertThat(gc("--config", config.toString(), "--dry-run")).isZero();
        assertThat(out.toString()).startsWith("dry run, nothing deleted in ").contains("would have swept 1 blob (6 B)");
        assertThat(files()).isEqualTo(before);

        assertThat(gc("--config", config.toString())).isZero();
        assertThat(out.toString()).contains("garbage collected in ").contains("swept 1 blob (6 B)");
        assertThat(Files.exists(store().resolve("blobs"))).isFalse();
    }

    @Test
    void contentWithinTheGracePeriodStays() throws Exception {
        Digest orphan = orphan();
        assertThat(gc("--storage", store().toString(), "--prune-untagged")).isZero();
        assertThat(out.toString()).contains("swept 0 blobs");
        assertThat(files()).anyMatch(p -> p.endsWith(orphan.hex()));
    }

    @Test
    void anotherCollectionHoldingTheStoreExitsThree() throws Exception {
        try (FileSystemStorage storage = new FileSystemStorage(store())) {
            storage.put(
                    RegistryLayout.gcLock(),
                    ("{\"owner\":\"server-1/pid-9/x\",\"expires\":\""
                                    + Instant.now().plusSeconds(60) + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(gc("--storage", store().toString())).isEqualTo(3);
        assertThat(err.toString()).contains("already running").contains("server-1/pid-9/x");
    }

    @Test
    void badConfigurationExitsTwo() throws Exception {
        assertThat(gc("--config", config("gc:\n  prune-untagged: maybe").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("gc.prune-untagged");
    }

    @Test
    void helpNamesTheOptionsAndTheGcKeys() {
        assertThat(gc("--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--dry-run",
                        "--prune-untagged",
                        "--config",
                        "--storage",
                        ConfigKey.GC_GRACE.key(),
                        ConfigKey.GC_KEEP.environmentVariable());
    }

    @Test
    void aCollectionRunsAndFreesSpaceOnAFullDisk() throws Exception {
        Path root = Files.createDirectory(dir.resolve("disk"));
        try (Tmpfs disk = Tmpfs.mount(root, "8m")) {
            Path config = dir.resolve("disk.yaml");
            Files.writeString(config, "gc:\n  grace: 0s\nstorage: " + root + "\n");
            assertThat(gc("--config", config.toString()))
                    .as("a routine run, which leaves the reserve: %s", err)
                    .isZero();
            List<Digest> orphans = new ArrayList<>();
            Random random = new Random(3);
            try {
                while (true) {
                    byte[] bytes = new byte[256 * 1024];
                    random.nextBytes(bytes);
                    orphans.add(orphan(root, bytes));
                }
            } catch (StorageException full) {
                // The disk is full: the rest goes to a file the store never sees.
            }
            try (OutputStream filler = Files.newOutputStream(root.resolve("~filler"))) {
                while (true) {
                    filler.write(new byte[4096]);
                }
            } catch (IOException full) {
                // Now nothing more fits.
            }
            assertThat(Files.getFileStore(root).getUsableSpace()).isZero();
            assertThat(orphans).hasSizeGreaterThan(10);
            Thread.sleep(20);
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);

            assertThat(gc("--config", config.toString())).as(err.toString()).isZero();

            assertThat(out.toString()).contains("swept " + orphans.size() + " blobs");
            assertThat(err.toString()).doesNotContain("Exception", "\tat ");
            assertThat(Files.getFileStore(root).getUsableSpace())
                    .as("freed, less the reserve written again")
                    .isGreaterThan((orphans.size() - 5) * 256L * 1024);
            assertThat(Files.exists(root.resolve("gc/reserve"))).isTrue();
        }
    }
}
