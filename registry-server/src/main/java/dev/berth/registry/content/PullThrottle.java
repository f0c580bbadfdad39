package dev.berth.registry.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.RepositoryName;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides, without asking storage, whether a pull is due to be recorded: at most once per interval
 * per image, as far as this server knows. It remembers the last recording of the most recently
 * used images only; one it has forgotten is recorded again at its next pull, which costs a write,
 * nothing more. Servers sharing a store each keep their own, so each records an image at most once
 * per interval.
 */
final class PullThrottle {
    private record Image(RepositoryName repository, Digest digest) {}

    private final Duration interval;
    private final Cache<Image, Instant> recorded;

    PullThrottle(Duration interval, long capacity) {
        this.interval = interval;
        this.recorded = Caffeine.newBuilder().maximumSize(capacity).build();
    }

    /** True when the pull at {@code now} is to be recorded; it then counts as recorded at {@code now}. */
    boolean due(RepositoryName repository, Digest digest, Instant now) {
        boolean[] due = {false};
        recorded.asMap().compute(new Image(repository, digest), (image, last) -> {
            if (last != null && now.isBefore(last.plus(interval))) {
                return last;
            }
            due[0] = true;
            return now;
        });
        return due[0];
    }

    /** The image is gone: a pull after it is pushed again is recorded at once. */
    void forget(RepositoryName repository, Digest digest) {
        recorded.invalidate(new Image(repository, digest));
    }
}
