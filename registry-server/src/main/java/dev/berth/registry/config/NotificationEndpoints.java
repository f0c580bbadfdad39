package dev.berth.registry.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code notifications.endpoints}: a list of endpoint mappings, written as YAML in the
 * config file or as the same list in JSON in {@code BERTH_NOTIFICATIONS_ENDPOINTS}. Every field is
 * checked here, so a bad endpoint stops the server at start rather than failing each delivery.
 */
final class NotificationEndpoints {
    private static final String KEY = ConfigKey.NOTIFICATIONS_ENDPOINTS.key();
    private static final List<String> FIELDS = List.of(
            "name",
            "url",
            "headers",
            "timeout",
            "backoff",
            "max-backoff",
            "queue-size",
            "batch-size",
            "repositories",
            "actions",
            "ignored-media-types",
            "disabled");
    /** Headers the client sets itself (or refuses to send), and the body's type, which is the envelope's. */
    private static final Set<String> RESERVED_HEADERS = Set.of(
            "content-type",
            "content-length",
            "host",
            "connection",
            "expect",
            "upgrade",
            "transfer-encoding",
            "te",
            "trailer");

    /** Built on first use: a server without these rules never pays for Jackson's YAML setup at startup. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
    }

    private NotificationEndpoints() {}

    /** The endpoints in {@code text}, a YAML (or JSON) list; blank or absent: none. */
    static List<NotificationsConfig.Endpoint> parse(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        JsonNode list;
        try {
            list = Yaml.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // Only where: the text holds header values, which may be credentials.
            var at = e.getLocation();
            throw new ConfigException(KEY + ": not a YAML or JSON list of endpoints"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (list == null || !list.isArray()) {
            throw new ConfigException(KEY + ": expected a list of endpoints, each with at least name and url");
        }
        List<NotificationsConfig.Endpoint> endpoints = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode node : list) {
            NotificationsConfig.Endpoint endpoint = endpoint(node, endpoints.size());
            if (!names.add(endpoint.name())) {
                throw new ConfigException(KEY + ": two endpoints are named '" + endpoint.name() + "'");
            }
            endpoints.add(endpoint);
        }
        return endpoints;
    }

    private static NotificationsConfig.Endpoint endpoint(JsonNode node, int index) {
        if (!node.isObject()) {
            throw new ConfigException(KEY + "[" + index + "]: expected a mapping with at least name and url");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new ConfigException(KEY + "[" + index + "]: unknown field '" + field + "' (known: "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        String name = text(node, "name", index)
                .orElseThrow(() -> new ConfigException(KEY + "[" + index + "]: name is required"));
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ConfigException(KEY + "[" + index + "]: name '" + name
                    + "' must be 1 to 64 letters, digits, dots, dashes or underscores");
        }
        String where = KEY + " '" + name + "'";
        URI url = url(
                where, text(node, "url", index).orElseThrow(() -> new ConfigException(where + ": url is required")));
        return new NotificationsConfig.Endpoint(
                name,
                url,
                headers(where, node.get("headers")),
                duration(where, node, "timeout", NotificationsConfig.Endpoint.DEFAULT_TIMEOUT),
                duration(where, node, "backoff", NotificationsConfig.Endpoint.DEFAULT_BACKOFF),
                duration(where, node, "max-backoff", NotificationsConfig.Endpoint.DEFAULT_MAX_BACKOFF),
                positive(where, node, "queue-size", NotificationsConfig.Endpoint.DEFAULT_QUEUE_SIZE),
                positive(where, node, "batch-size", NotificationsConfig.Endpoint.DEFAULT_BATCH_SIZE),
                repositories(where, strings(where, node.get("repositories"), "repositories")),
                actions(where, node.get("actions")),
                strings(where, node.get("ignored-media-types"), "ignored-media-types"),
                bool(where, node.get("disabled")));
    }

    private static java.util.Optional<String> text(JsonNode node, String field, int index) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return java.util.Optional.empty();
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw new ConfigException(KEY + "[" + index + "]: " + field + " must be a plain value");
        }
        return java.util.Optional.of(v.asText().trim());
    }

    private static URI url(String where, String text) {
        try {
            URI u = new URI(text);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // falls through to the error below
        }
        throw new ConfigException(where + ": url must be an http or https URL");
    }

    /** A mapping of header names to a value or a list of values (distribution writes lists). */
    private static Map<String, List<String>> headers(String where, JsonNode node) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            throw new ConfigException(where + ": headers must map header names to values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String header = e.getKey();
            if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")
                    || RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                throw new ConfigException(where + ": header '" + header + "' cannot be set");
            }
            List<String> values = strings(where, e.getValue(), "headers." + header);
            if (values.isEmpty() || values.stream().anyMatch(v -> v.chars().anyMatch(c -> c < 0x20 && c != '\t'))) {
                // The value itself is never echoed: headers carry credentials.
                throw new ConfigException(where + ": header '" + header + "' needs values without control characters");
            }
            headers.put(header, values);
        }
        return headers;
    }

    /** A plain value or a list of plain values. */
    private static List<String> strings(String where, JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            if (!item.isValueNode() || item.isNull()) {
                throw new ConfigException(where + ": " + field + " must be a value or a list of values");
            }
            values.add(item.asText());
        }
        return values;
    }

    private static List<String> repositories(String where, List<String> patterns) {
        for (String p : patterns) {
            if (!p.matches("[a-z0-9._/*-]+") || p.contains("***")) {
                throw new ConfigException(where + ": '" + p + "' is not a repository pattern "
                        + "(lowercase name characters, / and * or **)");
            }
        }
        return patterns;
    }

    private static List<String> actions(String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return NotificationsConfig.DEFAULT_ACTIONS;
        }
        List<String> actions = strings(where, node, "actions").stream()
                .map(a -> a.trim().toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
        for (String a : actions) {
            if (!NotificationsConfig.ACTIONS.contains(a)) {
                throw new ConfigException(
                        where + ": action '" + a + "' is not one of " + String.join(", ", NotificationsConfig.ACTIONS));
            }
        }
        return actions;
    }

    private static Duration duration(String where, JsonNode node, String field, Duration fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : Durations.parse(where + ": " + field, v.asText());
    }

    private static int positive(String where, JsonNode node, String field, int fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        String text = v.isIntegralNumber() || v.isTextual() ? v.asText().trim() : "";
        if (text.matches("\\d{1,9}") && Integer.parseInt(text) > 0) {
            return Integer.parseInt(text);
        }
        throw new ConfigException(where + ": " + field + " must be a positive whole number");
    }

    private static boolean bool(String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        String v = node.asText().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigException(where + ": disabled must be true or false");
        }
        return v.equals("true");
    }
}
