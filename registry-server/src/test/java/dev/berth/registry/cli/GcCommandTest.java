package dev.berth.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.content.Registry;
import dev.berth.registry.content.RegistryLayout;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.RepositoryName;
import dev.berth.storage.fs.FileSystemStorage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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

    /** An orphan blob: uploaded, never referenced. */
    Digest orphan() {
        byte[] bytes = "orphan".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.of(DigestAlgorithm.SHA256, bytes);
        try (FileSystemStorage storage = new FileSystemStorage(store())) {
            new Registry(storage, Clock.systemUTC()).uploads().putWhole(new RepositoryName("app"), digest,
                    sink -> sink.accept(ByteBuffer.wrap(bytes)));
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
            storage.put(RegistryLayout.gcLock(), ("{\"owner\":\"server-1/pid-9/x\",\"expires\":\""
                    + Instant.now().plusSeconds(60) + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(gc("--storage", store().toString())).isEqualTo(3);
        assertThat(err.toString()).contains("already running").contains("server-1/pid-9/x");
    }

    @Test
    void badConfigurationExitsTwo() throws Exception {
        assertThat(gc("--config", config("gc:\n  prune-untagged: maybe").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("gc.prune-untagged");
    }

    @Test
    void helpNamesTheOptionsAndTheGcKeys() {
        assertThat(gc("--help")).isZero();
        assertThat(out.toString()).contains("--dry-run", "--prune-untagged", "--config", "--storage",
                ConfigKey.GC_GRACE.key(), ConfigKey.GC_KEEP.environmentVariable());
    }
}
