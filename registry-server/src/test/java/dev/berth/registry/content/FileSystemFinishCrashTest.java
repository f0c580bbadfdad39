package dev.berth.registry.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.Storage;
import dev.berth.storage.fs.FileSystemStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

class FileSystemFinishCrashTest extends FinishCrashTest {
    @TempDir
    Path root;

    @Override
    protected Storage open() {
        return new FileSystemStorage(root);
    }

    @Override
    protected int chunkSize() {
        return 1000;
    }

    @Override
    protected void assertNoLeftovers(Set<String> orphans) throws Exception {
        for (String folder : new String[] {"uploads", "~uploads", "~tmp"}) {
            Path dir = root.resolve(folder);
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    assertThat(files.filter(Files::isRegularFile).map(Path::toString))
                            .as(folder)
                            .isSubsetOf(orphans);
                }
            }
        }
    }

    /**
     * The file a new upload's writer was writing apart when the process died: only its writer
     * knew it, and the purge of old temporary files removes it.
     */
    @Override
    protected Set<String> orphans() {
        try (Stream<Path> files = Files.list(root.resolve("~tmp"))) {
            return files.map(Path::toString).filter(f -> f.endsWith(".upload")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
