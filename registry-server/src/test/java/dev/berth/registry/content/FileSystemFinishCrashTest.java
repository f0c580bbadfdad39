package dev.berth.registry.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.Storage;
import dev.berth.storage.fs.FileSystemStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
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
                    assertThat(files.filter(Files::isRegularFile)).as(folder).isEmpty();
                }
            }
        }
    }
}
