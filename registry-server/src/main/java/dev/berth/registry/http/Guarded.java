package dev.berth.registry.http;

/** An endpoint with the access rule that guards it; a null rule means no check at all. */
public record Guarded(Endpoint endpoint, AccessRule rule) {
    public static Guarded pull(Endpoint endpoint) {
        return new Guarded(endpoint, AccessRule.onRepository("pull"));
    }

    public static Guarded push(Endpoint endpoint) {
        return new Guarded(endpoint, AccessRule.onRepository("pull", "push"));
    }

    public static Guarded delete(Endpoint endpoint) {
        return new Guarded(endpoint, AccessRule.onRepository("delete"));
    }

    public static Guarded authenticated(Endpoint endpoint) {
        return new Guarded(endpoint, AccessRule.AUTHENTICATED);
    }

    public static Guarded catalog(Endpoint endpoint) {
        return new Guarded(endpoint, AccessRule.CATALOG);
    }

    public static Guarded admin(Endpoint endpoint) {
        return new Guarded(endpoint, AccessRule.GC);
    }

    public static Guarded metrics(Endpoint endpoint) {
        return new Guarded(endpoint, AccessRule.METRICS);
    }

    /** Endpoints of the token service itself, which authenticate on their own, and the health probes. */
    public static Guarded unguarded(Endpoint endpoint) {
        return new Guarded(endpoint, null);
    }
}
