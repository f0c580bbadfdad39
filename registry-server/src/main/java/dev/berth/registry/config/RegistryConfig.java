package dev.berth.registry.config;

import java.time.Duration;

/**
 * Everything a running registry needs to know, resolved from defaults, the YAML file, the
 * environment and command-line flags (later sources win). See {@link ConfigKey} for each key.
 *
 * @param listen          host:port to listen on; port 0 picks a free port
 * @param storage         where content lives: a directory path for the filesystem driver
 * @param uploadPurgeAge  upload sessions idle longer than this are removed in the background
 * @param uploadPurgeInterval how often idle uploads are looked for
 * @param shutdownTimeout how long in-flight requests may take to finish on SIGTERM
 */
public record RegistryConfig(
        String listen,
        String storage,
        Duration uploadPurgeAge,
        Duration uploadPurgeInterval,
        Duration shutdownTimeout) {

    /** Every key at its {@link ConfigKey} default. */
    public static RegistryConfig defaults() {
        return new ConfigLoader().load();
    }

    public RegistryConfig withListen(String hostPort) {
        return new RegistryConfig(hostPort, storage, uploadPurgeAge, uploadPurgeInterval, shutdownTimeout);
    }

    public RegistryConfig withStorage(String location) {
        return new RegistryConfig(listen, location, uploadPurgeAge, uploadPurgeInterval, shutdownTimeout);
    }
}
