package dev.berth.registry.auth;

import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The users file and the policy both password modes read, each checked when the server starts so
 * that a missing or unreadable file is a {@link ConfigException} rather than a failed first login.
 */
public final class AuthFiles {
    private AuthFiles() {}

    /** The accounts of the users file {@code file} ({@code auth.users}). */
    public static Users users(Path file) {
        requireFile("auth.users", file);
        return Users.load(file);
    }

    /** The configured policy, reloaded when its file changes, or {@link Policy#DEFAULT} when none is set. */
    public static Supplier<Policy> policy(AuthConfig config) {
        if (config.policy().isEmpty()) {
            return () -> Policy.DEFAULT;
        }
        Path file = config.policy().get();
        requireFile("auth.policy", file);
        return new ReloadingFile<>(file, Policy::load)::get;
    }

    private static void requireFile(String key, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(key + ": " + file + " does not exist or is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigException(key + ": " + file + " is not readable");
        }
    }
}
