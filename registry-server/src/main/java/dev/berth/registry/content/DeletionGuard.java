package dev.berth.registry.content;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.ObjectNotFoundException;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handshake that lets garbage collection delete content while clients push, through storage
 * alone (so a separate {@code berth gc} process takes part too).
 *
 * <p>Push side, {@link #claim}: before relying on a digest (mount, upload completion, a manifest's
 * references) a request first records that the digest is in use ({@code gc/recent/<digest>}),
 * then checks for a deletion in progress ({@code gc/deleting/<digest>}) and waits it out.
 * Collector side, {@link #beginDeletion}: write the tombstone first, then read the use record.
 * With every storage operation atomic, one of the two always sees the other: either the pusher
 * waits and then finds the content gone (and uploads again, or fails its manifest), or the
 * collector sees the recent use and keeps the content.
 *
 * <p>Refreshing: to spare writes, a claim leaves the record alone while it is younger than the
 * claimer's {@link #refreshInterval()} (a quarter of its grace period, at most a minute), so a
 * record may be older than the last claim it stands for. Servers and collectors of one store may
 * have different grace periods, so the record itself says how long it stands for: its content is
 * the refresh interval of the server that wrote it, and a claim leaves it alone only while it is
 * younger than both that interval and the claimer's own. Hence every claim at time {@code c} is
 * covered by a record written at {@code w} with interval {@code r} such that
 * {@code w <= c < w + r} (or {@code c == w} when it wrote the record), records are only ever
 * replaced by later ones, and {@link #lastClaimed} ({@code w + r}) is never earlier than the
 * last claim. A collector keeps whatever {@link #lastClaimed} puts at or after
 * {@link #claimedBefore}, so its decision depends only on its own grace period, whatever the
 * grace periods of the servers that claimed. (Record times are the store's, claim times the
 * server's clock; as everywhere in garbage collection, they are assumed close.)
 *
 * <p>A claim stands for something a client will rely on only when it is made while writing (the
 * manifest PUT and the upload or mount that a 201 acknowledges); those fail when the record cannot
 * be written. A HEAD's claim only widens the window in which the client's later push succeeds:
 * that push claims again, and checks the content after its own claim, so {@link #claimForRead}
 * goes on without a record when the store refuses writes (a read-only store cannot be collected
 * either: the collector writes its lease and tombstones first).
 */
public final class DeletionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionGuard.class);
    /** A tombstone older than this was left by a collector that died; pushers ignore it. */
    static final Duration STALE_TOMBSTONE = Duration.ofMinutes(5);
    /**
     * The longest refresh interval any server uses; a record whose content does not say (written
     * before records carried it, or unreadable) is taken to stand for this long.
     */
    static final Duration LONGEST_REFRESH = Duration.ofMinutes(1);
    /** At most one warning this often about claims that could not be written. */
    static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** What a push refused for a deletion that does not finish is told to wait before retrying. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final byte[] EMPTY = new byte[0];

    private final Storage storage;
    private final Clock clock;
    private final Duration grace;
    /** What this guard writes into a record: its refresh interval, as ISO-8601 text. */
    private final byte[] recordContent;

    private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.MIN);
    private final AtomicLong unwritten = new AtomicLong();

    /**
     * @param grace how long a claim protects content; the collector keeps anything claimed within
     *     this long before its run started
     */
    public DeletionGuard(Storage storage, Clock clock, Duration grace) {
        this.storage = storage;
        this.clock = clock;
        this.grace = grace;
        this.recordContent = refreshInterval().toString().getBytes(StandardCharsets.US_ASCII);
    }

    public Duration grace() {
        return grace;
    }

    /** Claims are rewritten at most this often; a quarter of the grace period, at most a minute. */
    Duration refreshInterval() {
        Duration quarter = grace.dividedBy(4);
        return quarter.compareTo(LONGEST_REFRESH) < 0 ? quarter : LONGEST_REFRESH;
    }

    /**
     * Records that {@code digest} is in use now and returns once no deletion of it is in progress.
     * Afterwards the caller checks whether the content exists and may rely on what it finds for the
     * grace period.
     *
     * @throws ContentBusyException when a deletion does not finish in time
     * @throws dev.berth.storage.StorageException when the record cannot be written
     */
    public void claim(Digest digest) {
        Instant now = clock.instant();
        StoragePath recent = RegistryLayout.gcRecent(digest);
        if (!coveredAt(recent, now)) {
            storage.put(recent, recordContent);
        }
        awaitNoDeletion(digest, now);
    }

    /**
     * Like {@link #claim}, for a read that only informs a client (a HEAD while pushing): when the
     * store refuses the record, the read goes on unclaimed, and a warning is logged at most once
     * per {@link #WARN_EVERY}. See the class comment for why that is safe.
     */
    public void claimForRead(Digest digest) {
        try {
            claim(digest);
        } catch (StorageException e) {
            warnUnclaimed(digest, e);
        }
    }

    /**
     * Whether the record at {@code recent} already covers a claim at {@code now}: it is younger
     * than this guard's refresh interval and than the one it states.
     */
    private boolean coveredAt(StoragePath recent, Instant now) {
        // Time first, then content: a record replaced in between is a later one, which covers at
        // least as long as the time read plus the interval it states.
        Optional<ObjectInfo> last = storage.stat(recent);
        if (last.isEmpty() || !last.get().lastModified().isAfter(now.minus(refreshInterval()))) {
            return false;
        }
        Optional<Duration> stated = statedRefresh(recent);
        return stated.isPresent() && last.get().lastModified().isAfter(now.minus(stated.get()));
    }

    /** The refresh interval a record states, capped at {@link #LONGEST_REFRESH}; empty when it is gone. */
    private Optional<Duration> statedRefresh(StoragePath recent) {
        byte[] content;
        try {
            content = storage.readAll(recent);
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
        try {
            Duration stated = Duration.parse(new String(content, StandardCharsets.US_ASCII).trim());
            return Optional.of(stated.isNegative() || stated.compareTo(LONGEST_REFRESH) > 0 ? LONGEST_REFRESH : stated);
        } catch (DateTimeParseException e) {
            return Optional.of(LONGEST_REFRESH);
        }
    }

    private void awaitNoDeletion(Digest digest, Instant now) {
        Instant deadline = now.plus(WAIT);
        while (deletionInProgress(digest)) {
            if (clock.instant().isAfter(deadline)) {
                throw new ContentBusyException(
                        "content is being garbage collected, retry", digest.toString(), RETRY_AFTER);
            }
            sleep();
        }
    }

    private void warnUnclaimed(Digest digest, StorageException e) {
        long count = unwritten.incrementAndGet();
        Instant now = clock.instant();
        Instant last = lastWarning.get();
        if (now.isBefore(last.plus(WARN_EVERY)) || !lastWarning.compareAndSet(last, now)) {
            return;
        }
        unwritten.addAndGet(-count);
        LOG.warn(
                "{} garbage collection claim(s) for reads could not be written since the last warning (latest: {}: "
                        + "{}); reads go on, pushes and garbage collection need a writable store",
                count,
                digest,
                e.getMessage());
    }

    /**
     * The {@code claimedBefore} for a collector run that starts at {@code runStart}: content claimed
     * since then (as {@link #lastClaimed} tells) is kept.
     */
    public Instant claimedBefore(Instant runStart) {
        return runStart.minus(grace);
    }

    /** Every use record with the time it was written, in no particular order. */
    public void forEachClaim(BiConsumer<Digest, Instant> visitor) {
        StoragePath recent = RegistryLayout.gcRecent();
        storage.walk(recent, object -> RegistryLayout.digestBelow(recent, object.path())
                .ifPresent(digest -> visitor.accept(digest, object.lastModified())));
    }

    /**
     * The latest time {@code digest} may have been claimed at, if ever (or since the record was
     * cleaned up): when its record was written plus the refresh interval the record states.
     */
    public Optional<Instant> lastClaimed(Digest digest) {
        StoragePath recent = RegistryLayout.gcRecent(digest);
        // Content first, then time: a record replaced in between is replaced by a later one, so the
        // sum can only come out later than that of the record read, never earlier.
        Optional<Duration> stated = statedRefresh(recent);
        return stated.flatMap(
                r -> storage.stat(recent).map(info -> info.lastModified().plus(r)));
    }

    /**
     * Collector side: announces the deletion of {@code digest}, unless it was claimed at or after
     * {@code claimedBefore}; true when the caller may delete and must then call
     * {@link #endDeletion}.
     */
    public boolean beginDeletion(Digest digest, Instant claimedBefore) {
        storage.put(RegistryLayout.gcDeleting(digest), EMPTY);
        Optional<Instant> claimed;
        try {
            claimed = lastClaimed(digest);
        } catch (RuntimeException e) {
            // Undecided: lift the tombstone rather than leave pushers waiting on it.
            try {
                endDeletion(digest);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
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
        lastClaimed(digest)
                .filter(t -> t.isBefore(claimedBefore))
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
