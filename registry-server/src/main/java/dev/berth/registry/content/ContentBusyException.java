package dev.berth.registry.content;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.time.Duration;

/** Content that garbage collection is deleting and that a request cannot rely on yet: a later retry can. */
public final class ContentBusyException extends RegistryException {
    private final Duration retryAfter;

    ContentBusyException(String message, Object detail, Duration retryAfter) {
        super(ErrorCode.UNAVAILABLE, message, detail);
        this.retryAfter = retryAfter;
    }

    /** How long the client had better wait before it tries again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
