package dev.berth.registry.auth;

import java.util.List;

/**
 * How a refused caller may authenticate; the HTTP layer states it as {@code WWW-Authenticate}.
 *
 * @param scheme {@code Basic} or {@code Bearer}
 * @param realm the Basic realm, or the URL of the token service for Bearer
 * @param service the token service's name for Bearer; null for Basic
 * @param scopes every scope the request needs (Bearer), empty when none or for Basic
 * @param error the OAuth error ({@code invalid_token}, {@code insufficient_scope}), or null
 */
public record Challenge(String scheme, String realm, String service, List<Access> scopes, String error) {
    public Challenge {
        scopes = List.copyOf(scopes);
    }

    /** The Basic challenge of this registry. */
    public static Challenge basic() {
        return new Challenge("Basic", "berth", null, List.of(), null);
    }

    /** A Bearer challenge naming the token service, the service and the scopes; {@code error} may be null. */
    public static Challenge bearer(String realm, String service, List<Access> scopes, String error) {
        return new Challenge("Bearer", realm, service, scopes, error);
    }
}
