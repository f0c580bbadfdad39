package dev.berth.registry.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.registry.model.ByteSizes;
import dev.berth.registry.model.ImmutableTagRule;
import dev.berth.registry.model.QuotaRule;
import dev.berth.registry.model.RepositoryGlob;
import dev.berth.registry.model.TagGlob;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code repositories.*} lists, from the text a {@linkplain ConfigKey#isStructured structured}
 * key holds (JSON, or YAML): every field checked, every mistake a {@link ConfigException} that
 * names the key, the item (counted from 1) and the field.
 */
final class RepositoryRulesReader {
    /** Built on first use: a server without these rules never pays for Jackson's YAML setup at startup. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
    }

    private RepositoryRulesReader() {}

    /** {@code repositories.immutable-tags}: items {@code {repositories, exclude-tags}}. */
    static List<ImmutableTagRule> immutableTags(ConfigKey key, String text) {
        return items(
                key,
                text,
                Set.of("repositories", "exclude-tags"),
                item -> new ImmutableTagRule(
                        repositories(item),
                        strings(item, "exclude-tags", false).stream()
                                .map(TagGlob::new)
                                .toList()));
    }

    /** {@code repositories.quotas}: items {@code {repositories, limit, per}}. */
    static List<QuotaRule> quotas(ConfigKey key, String text) {
        return items(
                key,
                text,
                Set.of("repositories", "limit", "per"),
                item -> new QuotaRule(repositories(item), limit(item), per(item)));
    }

    private static <T> List<T> items(ConfigKey key, String text, Set<String> fields, Function<JsonNode, T> read) {
        if (text.isBlank()) {
            return List.of();
        }
        JsonNode list;
        try {
            list = Yaml.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(key.key() + ": not a list of objects: " + e.getOriginalMessage());
        }
        if (list == null || list.isNull() || list.isMissingNode()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new ConfigException(key.key() + ": expected a list of objects with " + String.join(", ", fields));
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = key.key() + " item " + (i + 1);
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                throw new ConfigException(where + ": expected an object with " + String.join(", ", fields));
            }
            for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!fields.contains(name)) {
                    throw new ConfigException(where + ": unknown field '" + name + "' (known: "
                            + String.join(", ", fields.stream().sorted().toList()) + ")");
                }
            }
            try {
                out.add(read.apply(item));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static List<RepositoryGlob> repositories(JsonNode item) {
        List<RepositoryGlob> globs = new ArrayList<>();
        for (String pattern : strings(item, "repositories", true)) {
            if (pattern.contains(RepositoryGlob.USER)) {
                throw new IllegalArgumentException(
                        "repositories: " + RepositoryGlob.USER + " has a meaning only in " + "the auth policy");
            }
            ConfigLoader.checkRepositoryPattern("repositories", pattern);
            globs.add(new RepositoryGlob(pattern));
        }
        return globs;
    }

    private static long limit(JsonNode item) {
        JsonNode limit = item.get("limit");
        if (limit == null || !limit.isValueNode() || limit.isNull()) {
            throw new IllegalArgumentException("limit is missing (write e.g. limit: 10GiB)");
        }
        try {
            return ByteSizes.parse(limit.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("limit: " + e.getMessage());
        }
    }

    private static QuotaRule.Per per(JsonNode item) {
        JsonNode per = item.get("per");
        if (per == null) {
            return QuotaRule.Per.REPOSITORY;
        }
        for (QuotaRule.Per value : QuotaRule.Per.values()) {
            if (per.isTextual() && value.configName().equals(per.asText().toLowerCase(Locale.ROOT))) {
                return value;
            }
        }
        throw new IllegalArgumentException("per: expected repository or namespace, not " + per);
    }

    /** A field holding one text or a list of texts; a required one must have at least one. */
    private static List<String> strings(JsonNode item, String field, boolean required) {
        JsonNode value = item.get(field);
        List<String> out = new ArrayList<>();
        if (value != null && value.isTextual()) {
            out.add(value.asText());
        } else if (value != null && value.isArray()) {
            for (JsonNode element : value) {
                if (!element.isTextual()) {
                    throw new IllegalArgumentException(field + ": expected text, not " + element + " (quote it)");
                }
                out.add(element.asText());
            }
        } else if (value != null && !value.isNull()) {
            throw new IllegalArgumentException(field + ": expected a text or a list of texts, not " + value);
        }
        if (required && out.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing (write e.g. " + field + ": [\"team-a/**\"])");
        }
        return out;
    }
}
