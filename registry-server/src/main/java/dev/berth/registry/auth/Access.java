package dev.berth.registry.auth;

import java.util.Set;

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

    /** The scope string: {@code type:name:action,action} with actions sorted. */
    public String scope() {
        return type + ":" + name + ":" + String.join(",", new java.util.TreeSet<>(actions));
    }
}
