package dev.berth.registry.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * What the token endpoint answers: an outcome and a JSON body, and, where they apply, how to
 * authenticate ({@code challenge}) or when to try again ({@code retryAfter}). The HTTP layer turns
 * the outcome into a status.
 */
public record TokenReply(Outcome outcome, byte[] json, Optional<Challenge> challenge, Optional<Duration> retryAfter) {
    /** How a token request ended. */
    public enum Outcome {
        /** A token was issued. */
        GRANTED,
        /** The request is malformed or names another service or account. */
        INVALID_REQUEST,
        /** The credentials or the refresh token were refused. */
        UNAUTHORIZED,
        /** Too many failed logins: try again after {@code retryAfter}. */
        THROTTLED,
        /** Neither GET nor POST. */
        WRONG_METHOD
    }

    public TokenReply(Outcome outcome, byte[] json) {
        this(outcome, json, Optional.empty(), Optional.empty());
    }
}
