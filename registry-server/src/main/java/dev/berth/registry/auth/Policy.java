package dev.berth.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.model.RepositoryGlob;
import dev.berth.registry.model.RepositoryName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may do what: groups of accounts and rules that grant actions. Rules only ever grant; what
 * no rule grants is denied. The policy file is YAML:
 *
 * <pre>{@code
 * groups:                         # optional: group name -> account names
 *   admins: [alice]
 *   ci: [ci-bot]
 * rules:
 *   - subjects: ["*"]             # everyone, signed in or not
 *     repositories: ["public/**"]
 *     actions: [pull]
 *   - subjects: [authenticated]   # every signed-in account
 *     repositories: ["${user}", "${user}/**"]
 *     actions: ["*"]
 *   - subjects: ["group:ci", "user:bob"]
 *     repositories: ["team/*"]
 *     actions: [pull, push]
 *   - subjects: ["group:admins"]
 *     repositories: ["**"]
 *     actions: ["*"]
 *     registry: [catalog]         # grants registry:catalog:*
 * }</pre>
 *
 * <ul>
 *   <li>Subjects: {@code user:NAME}, {@code group:NAME}, {@code anonymous} (only callers that
 *       sent no credentials), {@code authenticated} (any signed-in account), {@code *} (everyone).
 *       A signed-in account is not {@code anonymous}: grant public pulls to {@code *}.
 *   <li>Repository patterns: {@code *} matches within one path component, {@code **} any run of
 *       characters across components ({@code team/**} matches {@code team/a} and
 *       {@code team/a/b}, not {@code team}); {@code ${user}} stands for the caller's account
 *       name and never matches an anonymous caller. Everything else is literal.
 *   <li>Actions: {@code pull}, {@code push}, {@code delete}, {@code *} (all of them).
 *   <li>{@code registry: [catalog]} grants {@code registry:catalog:*}, listing the catalog;
 *       the catalog still shows only repositories the caller may pull. {@code registry: [gc]}
 *       grants {@code POST /admin/gc}, {@code registry: [metrics]} {@code GET /metrics}.
 * </ul>
 *
 * A rule needs {@code subjects} and at least one of {@code repositories} (with {@code actions})
 * or {@code registry}. Unknown keys, subjects, actions and undefined groups are errors, so a typo
 * never silently grants or denies.
 *
 * <p>Without a policy file, {@link #DEFAULT} applies: signed-in accounts may do everything
 * (catalog and metrics included, garbage collection not), anonymous callers nothing.
 */
public final class Policy {
    public static final String ALL = "*";
    static final Set<String> ACTIONS = Set.of(Access.PULL, Access.PUSH, Access.DELETE, ALL);
    private static final Set<String> RULE_KEYS = Set.of("subjects", "repositories", "actions", "registry");

    private record Rule(
            List<String> subjects, List<RepositoryGlob> repositories, Set<String> actions, Set<String> registry) {}

    static final Policy DEFAULT = new Policy(
            Map.of(),
            List.of(new Rule(
                    List.of("authenticated"),
                    List.of(new RepositoryGlob("**")),
                    Set.of(ALL),
                    Set.of("catalog", "metrics"))));

    private final Map<String, Set<String>> groupsOfAccount;
    private final List<Rule> rules;

    private Policy(Map<String, Set<String>> groupsOfAccount, List<Rule> rules) {
        this.groupsOfAccount = groupsOfAccount;
        this.rules = rules;
    }

    static Policy load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the policy: " + e.getMessage(), e);
        }
        return parse(root, file.toString());
    }

    public static Policy parse(String yaml) {
        try {
            return parse(new ObjectMapper(new YAMLFactory()).readTree(yaml), "policy");
        } catch (IOException e) {
            throw new ConfigException("policy: " + e.getMessage(), e);
        }
    }

    private static Policy parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new ConfigException(source + ": expected a mapping with 'rules' (and optionally 'groups')");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("groups") && !key.equals("rules")) {
                throw new ConfigException(source + ": unknown key '" + key + "' (expected groups, rules)");
            }
        }
        Map<String, Set<String>> members = new HashMap<>();
        JsonNode groups = root.path("groups");
        if (!groups.isMissingNode() && !groups.isNull()) {
            if (!groups.isObject()) {
                throw new ConfigException(source + ": 'groups' must map group names to lists of accounts");
            }
            groups.properties()
                    .forEach(e -> members.put(
                            e.getKey(), new HashSet<>(strings(e.getValue(), source + ": group " + e.getKey()))));
        }
        Map<String, Set<String>> groupsOfAccount = new HashMap<>();
        members.forEach((group, accounts) -> accounts.forEach(
                a -> groupsOfAccount.computeIfAbsent(a, k -> new HashSet<>()).add(group)));

        JsonNode ruleNodes = root.path("rules");
        if (!ruleNodes.isArray()) {
            throw new ConfigException(source + ": 'rules' must be a list");
        }
        List<Rule> rules = new ArrayList<>();
        int n = 0;
        for (JsonNode r : ruleNodes) {
            n++;
            rules.add(rule(r, source + ": rule " + n, members.keySet()));
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        groupsOfAccount.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        return new Policy(Map.copyOf(frozen), List.copyOf(rules));
    }

    private static Rule rule(JsonNode r, String where, Set<String> groups) {
        if (!r.isObject()) {
            throw new ConfigException(where + ": expected a mapping");
        }
        for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!RULE_KEYS.contains(key)) {
                throw new ConfigException(where + ": unknown key '" + key + "' (expected " + RULE_KEYS + ")");
            }
        }
        List<String> subjects = strings(r.path("subjects"), where + ": subjects");
        if (subjects.isEmpty()) {
            throw new ConfigException(where + ": needs at least one subject");
        }
        for (String s : subjects) {
            if (s.startsWith("group:")) {
                if (!groups.contains(s.substring(6))) {
                    throw new ConfigException(where + ": group '" + s.substring(6) + "' is not defined under groups");
                }
            } else if (s.startsWith("user:")) {
                if (!Htpasswd.validName(s.substring(5))) {
                    throw new ConfigException(where + ": '" + s + "' does not name a valid account");
                }
            } else if (!s.equals("anonymous") && !s.equals("authenticated") && !s.equals(ALL)) {
                throw new ConfigException(where + ": unknown subject '" + s
                        + "' (use user:NAME, group:NAME, anonymous, authenticated or *)");
            }
        }
        List<RepositoryGlob> repositories = new ArrayList<>();
        for (String p : strings(r.path("repositories"), where + ": repositories")) {
            try {
                repositories.add(new RepositoryGlob(p));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        Set<String> actions = new LinkedHashSet<>(strings(r.path("actions"), where + ": actions"));
        for (String a : actions) {
            if (!ACTIONS.contains(a)) {
                throw new ConfigException(where + ": unknown action '" + a + "' (use pull, push, delete or *)");
            }
        }
        if (repositories.isEmpty() != actions.isEmpty()) {
            throw new ConfigException(where + ": 'repositories' and 'actions' go together");
        }
        Set<String> registry = new LinkedHashSet<>(strings(r.path("registry"), where + ": registry"));
        if (repositories.isEmpty() && registry.isEmpty()) {
            throw new ConfigException(where + ": grants nothing (give repositories and actions, or registry)");
        }
        return new Rule(List.copyOf(subjects), List.copyOf(repositories), Set.copyOf(actions), Set.copyOf(registry));
    }

    private static List<String> strings(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw new ConfigException(where + ": expected a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : node) {
            if (!e.isTextual() || e.asText().isBlank()) {
                throw new ConfigException(where + ": expected a list of strings");
            }
            out.add(e.asText().trim());
        }
        return out;
    }

    /**
     * The actions {@code account} (null: anonymous) may perform on {@code type:name}; {@code *}
     * among them means every action. A repository name that the API would refuse gets none: the
     * patterns are globs, and {@code alice/**} matches {@code alice/../bob/secret} as text.
     */
    Set<String> actions(String account, String type, String name) {
        if (Access.REPOSITORY.equals(type) && !RepositoryName.isValid(name)) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        for (Rule rule : rules) {
            if (!appliesTo(rule, account)) {
                continue;
            }
            if (Access.REPOSITORY.equals(type)) {
                for (RepositoryGlob p : rule.repositories()) {
                    if (matches(p, name, account)) {
                        out.addAll(rule.actions());
                        break;
                    }
                }
            } else if (Access.REGISTRY.equals(type) && rule.registry().contains(name)) {
                out.add(ALL);
            }
        }
        return out;
    }

    public boolean allows(String account, String type, String name, String action) {
        Set<String> actions = actions(account, type, name);
        return actions.contains(ALL) || actions.contains(action);
    }

    /** The part of {@code requested} this policy grants {@code account}: possibly no actions. */
    public Access grant(String account, Access requested) {
        Set<String> allowed = actions(account, requested.type(), requested.name());
        Set<String> granted = new LinkedHashSet<>();
        for (String a : requested.actions()) {
            if (allowed.contains(ALL) || (!a.equals(ALL) && allowed.contains(a))) {
                granted.add(a);
            }
        }
        return new Access(requested.type(), requested.name(), granted);
    }

    private boolean appliesTo(Rule rule, String account) {
        for (String s : rule.subjects()) {
            boolean match =
                    switch (s) {
                        case ALL -> true;
                        case "anonymous" -> account == null;
                        case "authenticated" -> account != null;
                        default ->
                            account != null
                                    && (s.startsWith("user:")
                                            ? s.substring(5).equals(account)
                                            : groupsOfAccount
                                                    .getOrDefault(account, Set.of())
                                                    .contains(s.substring(6)));
                    };
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** A glob naming {@code ${user}} matches for a signed-in caller only, with the account in its place. */
    private static boolean matches(RepositoryGlob glob, String repository, String account) {
        if (!glob.namesUser()) {
            return glob.matches(repository);
        }
        return account != null && glob.expand(account).matches(repository);
    }
}
