package dev.berth.registry.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.registry.model.RepositoryRules;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
            root = YamlTree.read(file.toFile());
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

    /**
     * Sets {@code key} to {@code value} as written in the file or the environment: a flag, or a test.
     * {@link #load()} checks it as it checks those. Null leaves the value as it is.
     */
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
                duration(ConfigKey.SHUTDOWN_TIMEOUT),
                auth(),
                gc(),
                storageSettings(),
                new RegistryConfig.HttpConfig(
                        duration(ConfigKey.HTTP_HEADER_TIMEOUT),
                        duration(ConfigKey.HTTP_BODY_TIMEOUT),
                        bool(ConfigKey.LOG_ACCESS)),
                new RegistryConfig.MetricsConfig(optional(ConfigKey.METRICS_LISTEN)),
                LogFormat.parse(required(ConfigKey.LOG_FORMAT)),
                new RepositoryRules(
                        RepositoryRulesReader.immutableTags(
                                ConfigKey.REPOSITORIES_IMMUTABLE_TAGS,
                                values.get(ConfigKey.REPOSITORIES_IMMUTABLE_TAGS)),
                        RepositoryRulesReader.quotas(
                                ConfigKey.REPOSITORIES_QUOTAS, values.get(ConfigKey.REPOSITORIES_QUOTAS))),
                lifecycle(),
                new NotificationsConfig(NotificationEndpoints.parse(values.get(ConfigKey.NOTIFICATIONS_ENDPOINTS))),
                new RegistryConfig.TlsConfig(
                        optional(ConfigKey.TLS_CERTIFICATE).map(Path::of),
                        optional(ConfigKey.TLS_KEY).map(Path::of),
                        optional(ConfigKey.TLS_CLIENT_CA).map(Path::of)));
    }

    /** {@code repositories.lifecycle}: each entry's patterns and policy text (a policy file is read here). */
    private List<RegistryConfig.LifecycleConfig> lifecycle() {
        ConfigKey key = ConfigKey.REPOSITORIES_LIFECYCLE;
        List<RegistryConfig.LifecycleConfig> entries = new ArrayList<>();
        for (JsonNode entry : objects(key)) {
            String where = key.key() + "[" + entries.size() + "]";
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!List.of("repositories", "policy", "policy-file").contains(name)) {
                    throw new ConfigException(
                            where + ": unknown key '" + name + "' (expected repositories, and policy or policy-file)");
                }
            }
            List<String> patterns = new ArrayList<>();
            JsonNode repositories = entry.path("repositories");
            if (repositories.isArray()) {
                repositories.forEach(
                        p -> patterns.add(p.isTextual() ? p.asText().trim() : ""));
            }
            if (patterns.isEmpty() || patterns.contains("")) {
                throw new ConfigException(where + ": repositories must be a list of repository patterns");
            }
            for (String p : patterns) {
                checkPattern(where, p);
            }
            JsonNode policy = entry.get("policy");
            JsonNode file = entry.get("policy-file");
            if ((policy == null) == (file == null)) {
                throw new ConfigException(where + ": needs exactly one of policy and policy-file");
            }
            String text;
            String source;
            if (policy != null) {
                text = policy.isTextual() ? policy.asText() : policy.toString();
                source = where + ".policy";
            } else {
                source = file.asText();
                try {
                    text = java.nio.file.Files.readString(Path.of(source));
                } catch (IOException | RuntimeException e) {
                    throw new ConfigException(where + ": cannot read policy-file " + source + ": " + e.getMessage(), e);
                }
            }
            entries.add(new RegistryConfig.LifecycleConfig(patterns, text, source));
        }
        return entries;
    }

    /**
     * A key whose value is a list of mappings: written as a YAML list in the file, as JSON (or YAML)
     * text in the environment or a flag. Empty when unset.
     */
    private List<JsonNode> objects(ConfigKey key) {
        Optional<String> text = optional(key);
        if (text.isEmpty()) {
            return List.of();
        }
        JsonNode list;
        try {
            list = new ObjectMapper(new YAMLFactory()).readTree(text.get());
        } catch (IOException e) {
            throw new ConfigException(key.key() + ": not a list of mappings: " + e.getMessage(), e);
        }
        List<JsonNode> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(out::add);
        }
        if (list == null || !list.isArray() || out.stream().anyMatch(item -> !item.isObject())) {
            throw new ConfigException(key.key() + ": expected a list of mappings");
        }
        return out;
    }

    /**
     * The storage drivers' keys as text: the driver parses and checks them when storage is opened,
     * so the server knows no driver's settings.
     */
    private Map<String, String> storageSettings() {
        Map<String, String> settings = new java.util.TreeMap<>();
        for (ConfigKey key : ConfigKey.values()) {
            if (key.isStorageSetting()) {
                optional(key).ifPresent(value -> settings.put(key.key(), value));
            }
        }
        return settings;
    }

    private RegistryConfig.GcConfig gc() {
        String interval = required(ConfigKey.GC_INTERVAL);
        return new RegistryConfig.GcConfig(
                interval.equals("0") || interval.equalsIgnoreCase("off")
                        ? java.time.Duration.ZERO
                        : duration(ConfigKey.GC_INTERVAL),
                duration(ConfigKey.GC_GRACE),
                bool(ConfigKey.GC_PRUNE_UNTAGGED),
                duration(ConfigKey.GC_PRUNE_AGE),
                repositoryPatterns(ConfigKey.GC_KEEP),
                bool(ConfigKey.GC_KEEP_REFERRERS));
    }

    private boolean bool(ConfigKey key) {
        String v = required(key).toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigException(key.key() + ": expected true or false, not '" + values.get(key) + "'");
        }
        return v.equals("true");
    }

    /** Comma-separated globs: name characters, {@code /} and {@code *} (or {@code **}) only. */
    private java.util.List<String> repositoryPatterns(ConfigKey key) {
        java.util.List<String> patterns = optional(key).stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .toList();
        for (String p : patterns) {
            checkPattern(key.key(), p);
        }
        return patterns;
    }

    private static void checkPattern(String where, String p) {
        try {
            checkRepositoryPattern(where, p);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * A repository pattern of config: name characters, {@code /} and {@code *} (or {@code **}) only.
     *
     * @throws IllegalArgumentException naming {@code where} and the pattern when it is not one
     */
    static void checkRepositoryPattern(String where, String pattern) {
        if (!pattern.matches("[a-z0-9._/*-]+") || pattern.contains("***")) {
            throw new IllegalArgumentException(where + ": '" + pattern + "' is not a repository pattern "
                    + "(lowercase name characters, / and * or **)");
        }
    }

    private RegistryConfig.AuthConfig auth() {
        var token = new RegistryConfig.AuthConfig.Token(
                required(ConfigKey.AUTH_TOKEN_SERVICE),
                required(ConfigKey.AUTH_TOKEN_ISSUER),
                duration(ConfigKey.AUTH_TOKEN_EXPIRY),
                duration(ConfigKey.AUTH_TOKEN_REFRESH_EXPIRY),
                Path.of(required(ConfigKey.AUTH_TOKEN_KEY)),
                algorithm());
        var external = new RegistryConfig.AuthConfig.External(
                optional(ConfigKey.AUTH_EXTERNAL_ISSUER),
                optional(ConfigKey.AUTH_EXTERNAL_JWKS_URL)
                        .map(u -> url(ConfigKey.AUTH_EXTERNAL_JWKS_URL, u))
                        .map(URI::create),
                optional(ConfigKey.AUTH_EXTERNAL_JWKS_FILE).map(Path::of),
                optional(ConfigKey.AUTH_EXTERNAL_CERTIFICATES).map(Path::of),
                optional(ConfigKey.AUTH_EXTERNAL_REALM).map(u -> url(ConfigKey.AUTH_EXTERNAL_REALM, u)));
        var throttle = new RegistryConfig.AuthConfig.Throttle(
                positive(ConfigKey.AUTH_THROTTLE_FAILURES),
                positive(ConfigKey.AUTH_THROTTLE_ACCOUNT_FAILURES),
                positive(ConfigKey.AUTH_THROTTLE_ADDRESS_FAILURES),
                duration(ConfigKey.AUTH_THROTTLE_WINDOW));
        return new RegistryConfig.AuthConfig(
                RegistryConfig.AuthConfig.Mode.parse(values.get(ConfigKey.AUTH_MODE)),
                optional(ConfigKey.AUTH_USERS).map(Path::of),
                optional(ConfigKey.AUTH_POLICY).map(Path::of),
                optional(ConfigKey.AUTH_REALM).map(u -> url(ConfigKey.AUTH_REALM, u)),
                token,
                external,
                throttle,
                optional(ConfigKey.AUTH_TRUSTED_PROXIES).stream()
                        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                        .map(String::trim)
                        .filter(p -> !p.isEmpty())
                        .toList());
    }

    private java.util.Optional<String> optional(ConfigKey key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(v.trim());
    }

    private String required(ConfigKey key) {
        return optional(key).orElseThrow(() -> new ConfigException(key.key() + ": must not be empty"));
    }

    private int positive(ConfigKey key) {
        try {
            int n = Integer.parseInt(required(key));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new ConfigException(key.key() + ": expected a positive whole number, not '" + values.get(key) + "'");
    }

    private String algorithm() {
        String alg = required(ConfigKey.AUTH_TOKEN_ALGORITHM).toUpperCase(java.util.Locale.ROOT);
        if (!alg.equals("ES256") && !alg.equals("RS256")) {
            throw new ConfigException(ConfigKey.AUTH_TOKEN_ALGORITHM.key() + ": expected ES256 or RS256, not '"
                    + values.get(ConfigKey.AUTH_TOKEN_ALGORITHM) + "'");
        }
        return alg;
    }

    private static String url(ConfigKey key, String text) {
        try {
            URI u = new URI(text);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                    && u.getHost() != null
                    && u.getQuery() == null
                    && u.getFragment() == null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // falls through to the error below
        }
        throw new ConfigException(key.key() + ": expected an http or https URL, not '" + text + "'");
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
            ConfigKey k =
                    ConfigKey.byKey(key).orElseThrow(() -> new ConfigException(file + ": unknown key '" + key + "'"));
            values.put(k, k.isStructured() ? structured(e.getValue(), key, file) : scalar(e.getValue(), key, file));
        }
    }

    /** A list of objects as JSON text, as the environment writes it. */
    private static String structured(JsonNode value, String key, Path file) {
        if (!value.isArray()) {
            throw new ConfigException(file + ": " + key + ": expected a list of objects");
        }
        return value.toString();
    }

    /**
     * A value as text; a list of scalars is joined with commas, as the environment writes it, and a
     * list of mappings becomes JSON text (see {@link #objects}).
     */
    private static String scalar(JsonNode value, String key, Path file) {
        if (value.isArray() && value.size() > 0 && value.get(0).isObject()) {
            return value.toString();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new ConfigException(file + ": " + key + ": list items must be plain values");
                }
                items.add(item.asText());
            }
            return String.join(",", items);
        }
        if (value.isNull() || !value.isValueNode()) {
            throw new ConfigException(file + ": " + key + ": needs a value");
        }
        return value.asText();
    }
}
