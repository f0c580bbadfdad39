package dev.berth.registry.content;

import dev.berth.storage.Storage;
import dev.berth.storage.fs.FileSystemStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageRecordsTest} on the filesystem driver. */
class FileSystemImageRecordsTest extends ImageRecordsTest {
    @TempDir
    Path root;

    @Override
    protected Storage open() {
        return new FileSystemStorage(root);
    }
}
