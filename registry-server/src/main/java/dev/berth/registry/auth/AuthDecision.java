package dev.berth.registry.auth;

import dev.berth.registry.error.ErrorCode;
import java.util.Map;

/** The outcome of checking a request's credentials against the access it needs. */
public sealed interface AuthDecision {

    /** Go ahead; {@code principal} is who the caller is. */
    record Allowed(Principal principal) implements AuthDecision {
    }

    /**
     * Refused: answer {@code code} (UNAUTHORIZED 401, DENIED 403, TOOMANYREQUESTS 429) with these
     * headers, such as {@code WWW-Authenticate} or {@code Retry-After}.
     */
    record Refused(ErrorCode code, String message, Map<String, String> headers) implements AuthDecision {
        public Refused {
            headers = Map.copyOf(headers);
        }
    }
}
