package dev.berth.registry;

import dev.berth.registry.config.ConfigException;
import dev.berth.storage.Storage;
import dev.berth.storage.fs.FileSystemStorage;
import java.nio.file.Path;

/** Opens the storage a {@code storage} setting names; the server and {@code berth gc} share it. */
public final class Storages {
    private Storages() {}

    /** @throws ConfigException when {@code location} names no storage Berth can open */
    public static Storage open(String location) {
        if (location.contains("://")) {
            throw new ConfigException("storage: unsupported location " + location + " (give a directory)");
        }
        return new FileSystemStorage(Path.of(location).toAbsolutePath().normalize());
    }
}
