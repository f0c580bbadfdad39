package dev.berth.registry;

import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.metrics.MeteredStorage;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StorageFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Opens the storage the {@code storage} setting names: a directory, or {@code SCHEME://rest} for the
 * driver of that scheme ({@code s3://bucket/prefix}), which {@link ServiceLoader} finds among the
 * {@link StorageFactory} implementations on the class path. Each driver gets the settings under its
 * scheme ({@code s3.*}). The server and {@code berth gc} share it.
 */
public final class Storages {
    private static final String SEPARATOR = "://";
    private static final String DIRECTORY_SCHEME = "file";

    private Storages() {}

    /**
     * @throws ConfigException when the settings name no storage Berth can open
     * @throws StorageException when the driver cannot reach its storage (a missing bucket, a file
     *     where the directory should be)
     */
    public static Storage open(RegistryConfig config) {
        return open(Location.of(config));
    }

    /**
     * Like {@link #open(RegistryConfig)}, with every call timed in {@code meters} under the
     * driver's scheme ({@link MeteredStorage}).
     */
    public static Storage open(RegistryConfig config, MeterRegistry meters) {
        Location location = Location.of(config);
        return MeteredStorage.wrap(open(location), location.driver.scheme(), meters);
    }

    private static Storage open(Location location) {
        try {
            return location.driver.open(location.rest, location.settings);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("storage: " + e.getMessage(), e);
        }
    }

    /** A short description for the startup line, without credentials. */
    public static String describe(RegistryConfig config) {
        Location location = Location.of(config);
        return location.driver.describe(location.rest, location.settings);
    }

    /** A location split into its driver, the rest of it, and that driver's settings. */
    private record Location(StorageFactory driver, String rest, Map<String, String> settings) {
        static Location of(RegistryConfig config) {
            String location = config.storage();
            int separator = location.indexOf(SEPARATOR);
            String scheme = separator < 0 ? DIRECTORY_SCHEME : location.substring(0, separator);
            String rest = separator < 0 ? location : location.substring(separator + SEPARATOR.length());
            Map<String, StorageFactory> drivers = Drivers.BY_SCHEME;
            StorageFactory driver = drivers.get(scheme);
            if (driver == null) {
                throw new ConfigException("storage: unsupported location " + location + " (give a directory or "
                        + drivers.keySet().stream()
                                .filter(s -> !s.equals(DIRECTORY_SCHEME))
                                .map(s -> s + "://...")
                                .collect(Collectors.joining(", "))
                        + ")");
            }
            Map<String, String> settings = new TreeMap<>();
            config.storageSettings().forEach((key, value) -> {
                if (key.startsWith(scheme + ".")) {
                    settings.put(key, value);
                }
            });
            return new Location(driver, rest, settings);
        }
    }

    /** The drivers on the class path by scheme, looked up once: each lookup reads the jar's service files. */
    private static final class Drivers {
        static final Map<String, StorageFactory> BY_SCHEME = load();

        private static Map<String, StorageFactory> load() {
            Map<String, StorageFactory> drivers = new TreeMap<>();
            for (StorageFactory driver : ServiceLoader.load(StorageFactory.class, Storages.class.getClassLoader())) {
                drivers.putIfAbsent(driver.scheme(), driver);
            }
            return Collections.unmodifiableMap(drivers);
        }
    }
}
