package dev.berth.registry.config;

import java.util.Locale;

/**
 * Every configuration key, with its default and meaning. A key {@code a.b-c} is written nested in
 * the YAML file ({@code a: {b-c: …}}) and as {@code BERTH_A_B_C} in the environment.
 */
public enum ConfigKey {
    LISTEN("listen", "0.0.0.0:5000", "address and port to listen on (port 0 picks a free one)"),
    STORAGE("storage", "./data", "directory for the filesystem storage driver"),
    UPLOADS_PURGE_AGE("uploads.purge-age", "24h", "upload sessions idle longer than this are removed"),
    UPLOADS_PURGE_INTERVAL("uploads.purge-interval", "1h", "how often idle upload sessions are looked for"),
    SHUTDOWN_TIMEOUT("shutdown-timeout", "30s", "on SIGTERM, how long requests in progress may take to finish");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public String environmentVariable() {
        return "BERTH_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static java.util.Optional<ConfigKey> byKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }
}
