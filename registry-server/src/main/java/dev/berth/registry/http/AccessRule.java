package dev.berth.registry.http;

import dev.berth.registry.auth.Access;
import java.util.List;

/** The access an endpoint needs for one request, checked before its handler runs. */
@FunctionalInterface
public interface AccessRule {
    List<Access> required(Exchange exchange);

    /** Anyone may call it; {@code /v2/} itself still needs an authenticated caller. */
    AccessRule AUTHENTICATED = x -> List.of();

    static AccessRule onRepository(String... actions) {
        return x -> List.of(Access.repository(x.repository().value(), actions));
    }

    AccessRule CATALOG = x -> List.of(Access.catalog());

    /** Administration: {@code registry:gc:*}, which only a policy's {@code registry: [gc]} grants. */
    AccessRule GC = x -> List.of(new Access(Access.REGISTRY, "gc", java.util.Set.of("*")));

    /** Scraping {@code /metrics} on the main listener: {@code registry:metrics:*} ({@code registry: [metrics]}). */
    AccessRule METRICS = x -> List.of(new Access(Access.REGISTRY, "metrics", java.util.Set.of("*")));
}
