package dev.berth.registry.http;

/** An endpoint with the access rule that guards it; a null rule means no check at all. */
record Guarded(Endpoint endpoint, AccessRule rule) {
    static Guarded pull(Endpoint endpoint) {
        return new Guarded(endpoint, AccessRule.onRepository("pull"));
    }

    static Guarded push(Endpoint endpoint) {
        return new Guarded(endpoint, AccessRule.onRepository("pull", "push"));
    }

    static Guarded delete(Endpoint endpoint) {
        return new Guarded(endpoint, AccessRule.onRepository("delete"));
    }

    static Guarded authenticated(Endpoint endpoint) {
        return new Guarded(endpoint, AccessRule.AUTHENTICATED);
    }

    static Guarded catalog(Endpoint endpoint) {
        return new Guarded(endpoint, AccessRule.CATALOG);
    }

    static Guarded admin(Endpoint endpoint) {
        return new Guarded(endpoint, AccessRule.GC);
    }

    /** Endpoints of the token service itself, which authenticate on their own, and the health probes. */
    static Guarded unguarded(Endpoint endpoint) {
        return new Guarded(endpoint, null);
    }
}
