package dev.berth.registry.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One resource and the actions wanted on it, as in a token scope
 * {@code repository:team/app:pull,push} or {@code registry:catalog:*}.
 */
public record Access(String type, String name, Set<String> actions) {
    public static final String REPOSITORY = "repository";
    public static final String REGISTRY = "registry";
    public static final String PULL = "pull";
    public static final String PUSH = "push";
    public static final String DELETE = "delete";

    public Access {
        actions = Set.copyOf(actions);
    }

    public static Access repository(String name, String... actions) {
        return new Access(REPOSITORY, name, Set.of(actions));
    }

    public static Access catalog() {
        return new Access(REGISTRY, "catalog", Set.of("*"));
    }

    private static final Pattern TYPE = Pattern.compile("[a-z0-9]+(\\([a-z0-9]+\\))?");
    private static final Pattern ACTION = Pattern.compile("[a-z*]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._/:-]+");

    /** The scope string: {@code type:name:action,action} with actions sorted. */
    public String scope() {
        return type + ":" + name + ":" + String.join(",", new java.util.TreeSet<>(actions));
    }

    /**
     * Parses one resource scope, {@code type:name:action[,action]}. The name may itself hold a
     * colon (a registry host with a port), so the type ends at the first colon and the actions
     * start after the last. A resource class ({@code repository(plugin)}) is dropped, as the
     * distribution spec deprecates it. Empty when the text is not a scope.
     */
    public static Optional<Access> parse(String scope) {
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (first <= 0 || last <= first + 1) {
            return Optional.empty();
        }
        String type = scope.substring(0, first);
        String name = scope.substring(first + 1, last);
        if (!TYPE.matcher(type).matches() || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        List<String> actions = new ArrayList<>();
        for (String a : scope.substring(last + 1).split(",")) {
            String action = a.trim().toLowerCase(Locale.ROOT);
            if (!action.isEmpty()) {
                if (!ACTION.matcher(action).matches()) {
                    return Optional.empty();
                }
                actions.add(action);
            }
        }
        int paren = type.indexOf('(');
        return Optional.of(new Access(paren < 0 ? type : type.substring(0, paren), name, Set.copyOf(actions)));
    }

    /**
     * Parses scope parameters: each value may hold several scopes separated by spaces (the POST
     * form), and GET repeats the parameter. What does not parse is left out: a token request
     * never fails for a scope it cannot grant.
     */
    public static List<Access> parseAll(List<String> scopeParameters) {
        List<Access> out = new ArrayList<>();
        for (String value : scopeParameters) {
            Arrays.stream(value.trim().split("\\s+"))
                    .filter(s -> !s.isEmpty())
                    .map(Access::parse)
                    .flatMap(Optional::stream)
                    .forEach(out::add);
        }
        return out;
    }
}
