package dev.berth.registry.content;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The handshake that lets garbage collection delete content while clients push, through storage
 * alone (so a separate {@code berth gc} process takes part too).
 *
 * <p>Push side, {@link #claim}: before relying on a digest (HEAD while pushing, mount, upload
 * completion, a manifest's references) a request first records that the digest is in use
 * ({@code gc/recent/<digest>}, rewritten at most every {@link #touchInterval()}), then checks for
 * a deletion in progress ({@code gc/deleting/<digest>}) and waits it out. Collector side,
 * {@link #beginDeletion}: write the tombstone first, then read the use record. With every storage
 * operation atomic, one of the two always sees the other: either the pusher waits and then finds
 * the content gone (and uploads again, or fails its manifest), or the collector sees the recent
 * use and keeps the content.
 */
public final class DeletionGuard {
    /** A tombstone older than this was left by a collector that died; pushers ignore it. */
    static final Duration STALE_TOMBSTONE = Duration.ofMinutes(5);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] EMPTY = new byte[0];

    private final Storage storage;
    private final Clock clock;
    private final Duration grace;

    /**
     * @param grace how long a claim protects content; the collector keeps anything claimed within
     *     this long before its run started
     */
    public DeletionGuard(Storage storage, Clock clock, Duration grace) {
        this.storage = storage;
        this.clock = clock;
        this.grace = grace;
    }

    public Duration grace() {
        return grace;
    }

    /** Claims are rewritten at most this often; a quarter of the grace period, at most a minute. */
    Duration touchInterval() {
        Duration quarter = grace.dividedBy(4);
        return quarter.compareTo(Duration.ofMinutes(1)) < 0 ? quarter : Duration.ofMinutes(1);
    }

    /**
     * Records that {@code digest} is in use now and returns once no deletion of it is in progress.
     * Afterwards the caller checks whether the content exists and may rely on what it finds for the
     * grace period.
     *
     * @throws RegistryException 503 when a deletion does not finish in time
     */
    public void claim(Digest digest) {
        StoragePath recent = RegistryLayout.gcRecent(digest);
        Instant now = clock.instant();
        Optional<ObjectInfo> last = storage.stat(recent);
        if (last.isEmpty() || last.get().lastModified().isBefore(now.minus(touchInterval()))) {
            storage.put(recent, EMPTY);
        }
        Instant deadline = now.plus(WAIT);
        while (deletionInProgress(digest)) {
            if (clock.instant().isAfter(deadline)) {
                throw new RegistryException(ErrorCode.UNAVAILABLE, "content is being garbage collected, retry",
                        digest.toString(), Map.of("Retry-After", "5"));
            }
            sleep();
        }
    }

    /**
     * The {@code claimedBefore} for a collector run that starts at {@code runStart}: claims recorded
     * since then protect content. A claim is rewritten only once its record is older than the
     * {@link #touchInterval()}, so a record may be that much older than the claim it stands for;
     * going back the grace period plus that interval keeps everything claimed within the grace
     * period.
     */
    public Instant claimedBefore(Instant runStart) {
        return runStart.minus(grace).minus(touchInterval());
    }

    /** Every use record with the time it was written, in no particular order. */
    public void forEachClaim(BiConsumer<Digest, Instant> visitor) {
        StoragePath recent = RegistryLayout.gcRecent();
        storage.walk(recent, object -> RegistryLayout.digestBelow(recent, object.path())
                .ifPresent(digest -> visitor.accept(digest, object.lastModified())));
    }

    /** When {@code digest} was last claimed, if ever (or since the record was cleaned up). */
    public Optional<Instant> lastClaimed(Digest digest) {
        return storage.stat(RegistryLayout.gcRecent(digest)).map(ObjectInfo::lastModified);
    }

    /**
     * Collector side: announces the deletion of {@code digest}, unless it was claimed at or after
     * {@code claimedBefore}; true when the caller may delete and must then call
     * {@link #endDeletion}.
     */
    public boolean beginDeletion(Digest digest, Instant claimedBefore) {
        storage.put(RegistryLayout.gcDeleting(digest), EMPTY);
        Optional<Instant> claimed = lastClaimed(digest);
        if (claimed.isPresent() && !claimed.get().isBefore(claimedBefore)) {
            endDeletion(digest);
            return false;
        }
        return true;
    }

    public void endDeletion(Digest digest) {
        storage.delete(RegistryLayout.gcDeleting(digest));
    }

    /** Removes the use record of {@code digest} once it is older than the grace period. */
    public void forgetClaim(Digest digest, Instant claimedBefore) {
        lastClaimed(digest).filter(t -> t.isBefore(claimedBefore))
                .ifPresent(t -> storage.delete(RegistryLayout.gcRecent(digest)));
    }

    private boolean deletionInProgress(Digest digest) {
        return storage.stat(RegistryLayout.gcDeleting(digest))
                .filter(t -> t.lastModified().isAfter(clock.instant().minus(STALE_TOMBSTONE)))
                .isPresent();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(ErrorCode.UNAVAILABLE, "interrupted");
        }
    }
}
