package dev.berth.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.storage.Storage;
import dev.berth.storage.StorageFactory;
import dev.berth.storage.StoragePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemStorageFactoryTest {
    @TempDir
    Path dir;

    @Test
    void serviceLoaderFindsTheDriverForDirectories() {
        StorageFactory factory = ServiceLoader.load(StorageFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.scheme().equals("file"))
                .findFirst()
                .orElseThrow();
        try (Storage storage = factory.open(dir.toString(), Map.of())) {
            storage.put(StoragePath.of("a", "b"), new byte[] {1});
        }
        assertThat(Files.exists(dir.resolve("a/b"))).isTrue();
        assertThat(factory.describe(dir.resolve("x/..").toString(), Map.of())).isEqualTo(dir.toString());
    }

    @Test
    void itHasNoSettings() {
        assertThatThrownBy(() -> new FileSystemStorageFactory().open(dir.toString(), Map.of("file.mode", "0600")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file.mode");
    }
}
