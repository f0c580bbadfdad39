package dev.berth.registry.auth;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The {@code WWW-Authenticate} and {@code Retry-After} headers of refusals. */
final class Challenges {
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    static final String RETRY_AFTER = "Retry-After";
    static final String BASIC = "Basic realm=\"berth\"";

    private Challenges() {
    }

    /**
     * A Bearer challenge naming the token service, the service and, space-separated in one
     * {@code scope}, every scope the request needs; {@code error} may be null.
     */
    static String bearer(String realm, String service, List<Access> scopes, String error) {
        StringBuilder b = new StringBuilder("Bearer realm=").append(quote(realm))
                .append(",service=").append(quote(service));
        if (!scopes.isEmpty()) {
            b.append(",scope=").append(quote(scopes.stream().map(Access::scope).collect(Collectors.joining(" "))));
        }
        if (error != null) {
            b.append(",error=").append(quote(error));
        }
        return b.toString();
    }

    static Map<String, String> retryAfter(java.time.Duration wait) {
        return Map.of(RETRY_AFTER, Long.toString(Throttle.retryAfterSeconds(wait)));
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
