package dev.berth.registry.auth;

import dev.berth.registry.error.ErrorCode;
import java.time.Duration;
import java.util.Optional;

/** The outcome of checking a request's credentials against the access it needs. */
public sealed interface AuthDecision {

    /** Go ahead; {@code principal} is who the caller is. */
    record Allowed(Principal principal) implements AuthDecision {}

    /**
     * Refused with {@code code} (UNAUTHORIZED, DENIED, TOOMANYREQUESTS), telling how to authenticate
     * ({@code challenge}) or when to try again ({@code retryAfter}) where that applies.
     */
    record Refused(ErrorCode code, String message, Optional<Challenge> challenge, Optional<Duration> retryAfter)
            implements AuthDecision {

        public static Refused unauthorized(String message, Challenge challenge) {
            return new Refused(ErrorCode.UNAUTHORIZED, message, Optional.of(challenge), Optional.empty());
        }

        public static Refused denied(String message) {
            return new Refused(ErrorCode.DENIED, message, Optional.empty(), Optional.empty());
        }

        public static Refused throttled(String message, Duration wait) {
            return new Refused(ErrorCode.TOOMANYREQUESTS, message, Optional.empty(), Optional.of(wait));
        }
    }
}
