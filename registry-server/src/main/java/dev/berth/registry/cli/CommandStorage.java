package dev.berth.registry.cli;

import dev.berth.registry.Storages;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;

/** Opens the configured storage for a command that works on it offline ({@code gc}, {@code lifecycle}). */
final class CommandStorage {
    private CommandStorage() {}

    /** Why the storage could not be opened, with the command's exit code: 2 for configuration, 1 for storage. */
    static final class Refused extends Exception {
        private final int exitCode;

        Refused(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    static Storage open(RegistryConfig resolved) throws Refused {
        try {
            return Storages.open(resolved);
        } catch (ConfigException e) {
            throw new Refused(e.getMessage(), 2);
        } catch (StorageException e) {
            throw new Refused(e.getMessage(), 1);
        }
    }
}
