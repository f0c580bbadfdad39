package dev.berth.registry.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * What the token endpoint answers: a status and a JSON body, and, where they apply, how to
 * authenticate ({@code challenge}) or when to try again ({@code retryAfter}).
 */
public record TokenReply(int status, byte[] json, Optional<Challenge> challenge, Optional<Duration> retryAfter) {
    public TokenReply(int status, byte[] json) {
        this(status, json, Optional.empty(), Optional.empty());
    }
}
