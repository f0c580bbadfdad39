package dev.berth.registry.http;

import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.Challenge;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code WWW-Authenticate} and {@code Retry-After} headers of auth refusals. */
public final class AuthHeaders {
    private AuthHeaders() {}

    public static Response add(Response r, Optional<Challenge> challenge, Optional<Duration> retryAfter) {
        challenge.ifPresent(c -> r.header("WWW-Authenticate", wwwAuthenticate(c)));
        retryAfter.ifPresent(wait -> r.header("Retry-After", retryAfterSeconds(wait)));
        return r;
    }

    /**
     * {@code Basic realm="berth"}, or a Bearer challenge naming the token service, the service and,
     * space-separated in one {@code scope}, every scope the request needs.
     */
    public static String wwwAuthenticate(Challenge c) {
        StringBuilder b = new StringBuilder(c.scheme()).append(" realm=").append(quote(c.realm()));
        if (c.service() != null) {
            b.append(",service=").append(quote(c.service()));
        }
        if (!c.scopes().isEmpty()) {
            b.append(",scope=")
                    .append(quote(c.scopes().stream().map(Access::scope).collect(Collectors.joining(" "))));
        }
        if (c.error() != null) {
            b.append(",error=").append(quote(c.error()));
        }
        return b.toString();
    }

    /** Whole seconds, rounded up, at least one: a client retrying sooner would only be refused again. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
