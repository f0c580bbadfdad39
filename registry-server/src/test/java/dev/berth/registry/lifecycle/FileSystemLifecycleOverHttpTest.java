package dev.berth.registry.lifecycle;

import dev.berth.storage.Storage;
import dev.berth.storage.fs.FileSystemStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link LifecycleOverHttpTest} on the filesystem driver. */
class FileSystemLifecycleOverHttpTest extends LifecycleOverHttpTest {
    @TempDir
    Path dir;

    @Override
    protected Storage open() {
        return new FileSystemStorage(dir);
    }
}
