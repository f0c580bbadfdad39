package dev.berth.registry.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Resolves a {@link RegistryConfig}: defaults, then the YAML file, then {@code BERTH_*} environment
 * variables, then command-line flags; each later source wins. Unknown keys are errors, so a typo
 * never silently falls back to a default.
 */
public final class ConfigLoader {
    private final Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);

    public ConfigLoader() {
        for (ConfigKey k : ConfigKey.values()) {
            values.put(k, k.defaultValue());
        }
    }

    public ConfigLoader file(Path file) {
        if (file == null) {
            return this;
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new ConfigException(file + ": expected a mapping of keys to values");
            }
            flatten("", root, file);
        }
        return this;
    }

    public ConfigLoader environment(Map<String, String> env) {
        for (ConfigKey k : ConfigKey.values()) {
            String v = env.get(k.environmentVariable());
            if (v != null && !v.isBlank()) {
                values.put(k, v);
            }
        }
        return this;
    }

    /** A command-line override; null leaves the value as it is. */
    public ConfigLoader set(ConfigKey key, String value) {
        if (value != null) {
            values.put(key, value);
        }
        return this;
    }

    public RegistryConfig load() {
        return new RegistryConfig(
                values.get(ConfigKey.LISTEN),
                values.get(ConfigKey.STORAGE),
                duration(ConfigKey.UPLOADS_PURGE_AGE),
                duration(ConfigKey.UPLOADS_PURGE_INTERVAL),
                duration(ConfigKey.SHUTDOWN_TIMEOUT));
    }

    private java.time.Duration duration(ConfigKey key) {
        return Durations.parse(key.key(), values.get(key));
    }

    private void flatten(String prefix, JsonNode node, Path file) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                flatten(key, e.getValue(), file);
                continue;
            }
            ConfigKey k = ConfigKey.byKey(key).orElseThrow(() ->
                    new ConfigException(file + ": unknown key '" + key + "'"));
            values.put(k, e.getValue().asText());
        }
    }
}
