package dev.berth.storage.fs;

import dev.berth.storage.Storage;
import dev.berth.storage.StorageFactory;
import java.nio.file.Path;
import java.util.Map;

/** Finds this driver for the {@code file} scheme and for plain directories; it has no settings. */
public final class FileSystemStorageFactory implements StorageFactory {

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public Storage open(String location, Map<String, String> settings) {
        if (!settings.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown setting " + settings.keySet().iterator().next());
        }
        return new FileSystemStorage(root(location));
    }

    @Override
    public String describe(String location, Map<String, String> settings) {
        return root(location).toString();
    }

    private static Path root(String location) {
        return Path.of(location).toAbsolutePath().normalize();
    }
}
