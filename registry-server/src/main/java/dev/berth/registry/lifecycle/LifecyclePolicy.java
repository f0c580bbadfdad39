package dev.berth.registry.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.lifecycle.LifecycleRule.CountType;
import dev.berth.registry.lifecycle.LifecycleRule.TagStatus;
import dev.berth.registry.model.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * An Amazon ECR lifecycle policy, checked as ECR checks it: unique {@code rulePriority} values of
 * at least 1; {@code tagStatus} {@code tagged} with exactly one of a {@code tagPrefixList} or a
 * {@code tagPatternList} (at most four {@code *} per pattern), {@code untagged} and {@code any}
 * without; at most one {@code untagged} rule; an {@code any} rule only as the one with the highest
 * priority value; {@code countType} {@code imageCountMoreThan} (no {@code countUnit}) or
 * {@code sinceImagePushed} with {@code countUnit} {@code days}; a {@code countNumber} of at least 1;
 * action {@code expire}. What ECR has and Berth does not (archive storage class, transitions, pull
 * times) is refused by name rather than ignored.
 *
 * @param rules ordered by priority, lowest (evaluated first) first
 */
public record LifecyclePolicy(List<LifecycleRule> rules) {
    private static final int MAX_WILDCARDS = 4;

    public LifecyclePolicy {
        rules = rules.stream()
                .sorted(Comparator.comparingInt(LifecycleRule::priority))
                .toList();
    }

    /**
     * Parses and checks {@code json}.
     *
     * @param source where the policy was written, named in errors
     * @throws ConfigException naming {@code source}, the rule and what is wrong
     */
    public static LifecyclePolicy parse(String json, String source) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": lifecycle policy is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(source + ": a lifecycle policy is a JSON object with \"rules\"");
        }
        only(root, source, "rules");
        JsonNode rules = root.path("rules");
        if (!rules.isArray() || rules.isEmpty()) {
            throw new ConfigException(source + ": \"rules\" must be a non-empty list");
        }
        List<LifecycleRule> parsed = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            parsed.add(rule(rules.get(i), source + ": rules[" + i + "]"));
        }
        check(parsed, source);
        return new LifecyclePolicy(parsed);
    }

    private static LifecycleRule rule(JsonNode rule, String where) {
        if (!rule.isObject()) {
            throw new ConfigException(where + ": must be an object");
        }
        only(rule, where, "rulePriority", "description", "selection", "action");
        int priority = positive(rule.get("rulePriority"), where + ".rulePriority");
        JsonNode description = rule.path("description");
        if (!description.isMissingNode() && !description.isTextual()) {
            throw new ConfigException(where + ".description: must be text");
        }
        JsonNode action = rule.path("action");
        if (!action.isObject()) {
            throw new ConfigException(where + ": needs \"action\": {\"type\": \"expire\"}");
        }
        only(action, where + ".action", "type");
        if (!"expire".equals(action.path("type").asText(null))) {
            throw new ConfigException(
                    where + ".action.type: Berth supports only \"expire\", not " + action.path("type"));
        }
        JsonNode selection = rule.path("selection");
        if (!selection.isObject()) {
            throw new ConfigException(where + ": needs a \"selection\" object");
        }
        where = where + ".selection";
        only(
                selection,
                where,
                "tagStatus",
                "tagPrefixList",
                "tagPatternList",
                "countType",
                "countUnit",
                "countNumber",
                "storageClass");
        if (selection.has("storageClass")
                && !"standard".equals(selection.get("storageClass").asText(null))) {
            throw new ConfigException(where + ".storageClass: Berth has only the \"standard\" storage class");
        }
        TagStatus status =
                switch (selection.path("tagStatus").asText("")) {
                    case "tagged" -> TagStatus.TAGGED;
                    case "untagged" -> TagStatus.UNTAGGED;
                    case "any" -> TagStatus.ANY;
                    default ->
                        throw new ConfigException(where + ".tagStatus: expected tagged, untagged or any, not "
                                + selection.path("tagStatus"));
                };
        List<String> prefixes = strings(selection, "tagPrefixList", where);
        List<String> patterns = strings(selection, "tagPatternList", where);
        if (status == TagStatus.TAGGED && prefixes.isEmpty() == patterns.isEmpty()) {
            throw new ConfigException(where + ": tagStatus tagged needs a tagPrefixList or a tagPatternList (one)");
        }
        if (status != TagStatus.TAGGED && (selection.has("tagPrefixList") || selection.has("tagPatternList"))) {
            throw new ConfigException(
                    where + ": tagStatus " + status.json() + " takes no tagPrefixList or tagPatternList");
        }
        for (String pattern : patterns) {
            if (pattern.chars().filter(c -> c == '*').count() > MAX_WILDCARDS) {
                throw new ConfigException(
                        where + ".tagPatternList: '" + pattern + "' has more than " + MAX_WILDCARDS + " wildcards");
            }
        }
        String unit = selection.path("countUnit").asText(null);
        CountType count =
                switch (selection.path("countType").asText("")) {
                    case "imageCountMoreThan" -> {
                        if (selection.has("countUnit")) {
                            throw new ConfigException(where + ": imageCountMoreThan takes no countUnit");
                        }
                        yield CountType.IMAGE_COUNT_MORE_THAN;
                    }
                    case "sinceImagePushed" -> {
                        if (!"days".equals(unit)) {
                            throw new ConfigException(where + ".countUnit: sinceImagePushed needs \"days\"");
                        }
                        yield CountType.SINCE_IMAGE_PUSHED;
                    }
                    default ->
                        throw new ConfigException(where + ".countType: expected imageCountMoreThan or "
                                + "sinceImagePushed, not " + selection.path("countType"));
                };
        int number = positive(selection.get("countNumber"), where + ".countNumber");
        return new LifecycleRule(priority, description.asText(""), status, prefixes, patterns, count, number);
    }

    private static void check(List<LifecycleRule> rules, String source) {
        Set<Integer> priorities = new HashSet<>();
        int highest = rules.stream().mapToInt(LifecycleRule::priority).max().orElse(0);
        long untagged = 0;
        for (LifecycleRule rule : rules) {
            if (!priorities.add(rule.priority())) {
                throw new ConfigException(source + ": rulePriority " + rule.priority() + " is used twice");
            }
            if (rule.tagStatus() == TagStatus.ANY && rule.priority() != highest) {
                throw new ConfigException(source + ": the rule with tagStatus any (rulePriority " + rule.priority()
                        + ") must have the highest rulePriority");
            }
            untagged += rule.tagStatus() == TagStatus.UNTAGGED ? 1 : 0;
        }
        if (untagged > 1) {
            throw new ConfigException(source + ": only one rule may select untagged images");
        }
    }

    private static List<String> strings(JsonNode selection, String field, String where) {
        JsonNode list = selection.path(field);
        if (list.isMissingNode()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (list.isArray()) {
            list.forEach(item -> out.add(item.isTextual() ? item.asText() : ""));
        }
        if (!list.isArray() || out.isEmpty() || out.contains("")) {
            throw new ConfigException(where + "." + field + ": must be a non-empty list of non-empty text");
        }
        return out;
    }

    private static int positive(JsonNode value, String where) {
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw new ConfigException(where + ": must be a whole number of at least 1, not " + value);
        }
        return value.asInt();
    }

    private static void only(JsonNode object, String where, String... known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of(known).contains(name)) {
                throw new ConfigException(
                        where + ": unknown field \"" + name + "\" (expected one of " + String.join(", ", known) + ")");
            }
        }
    }
}
