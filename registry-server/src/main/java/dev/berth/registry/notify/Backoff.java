package dev.berth.registry.notify;

import java.time.Duration;

/**
 * The wait before retrying a delivery: {@code first} after one failure, doubling with each further
 * failure in a row, never more than {@code max}.
 */
record Backoff(Duration first, Duration max) {
    Backoff {
        if (first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff: first must not be negative nor above max");
        }
    }

    /** The wait after {@code failures} failed attempts in a row (at least one). */
    Duration after(int failures) {
        Duration wait = first;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) < 0 ? wait : max;
    }
}
