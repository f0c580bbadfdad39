package dev.berth.registry.gc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.registry.content.CollectorStore;
import dev.berth.registry.model.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The store-wide lease that keeps two collectors (two servers, or a server and {@code berth gc})
 * from running at once. The storage SPI has no compare-and-set, so acquiring is: read the lease,
 * refuse while someone else's is unexpired, write ours, wait {@code settle}, read it back and
 * refuse unless ours survived. Two collectors that both found the lease free both write; the later
 * write wins and the earlier writer sees it on reading back, as long as {@code settle} is longer
 * than the gap between one's read and its write.
 *
 * <p>The holder renews the lease as it works ({@link #keepAlive}) and stops deleting the moment
 * the lease may have lapsed, since another collector may have taken over.
 *
 * <p>Writing the lease replaces it atomically, so a write that fails (a full disk) leaves the
 * previous lease as it was, never a gap another collector could take; on a full disk the write
 * gets its room from the store's reserve ({@link CollectorStore#withRoom}).
 */
final class GcLease implements AutoCloseable {
    static final Duration TERM = Duration.ofMinutes(2);
    private static final Duration RENEW_AFTER = TERM.dividedBy(4);

    private final CollectorStore store;
    private final Clock clock;
    private final String owner;
    private Instant expires;

    private GcLease(CollectorStore store, Clock clock, String owner, Instant expires) {
        this.store = store;
        this.clock = clock;
        this.owner = owner;
        this.expires = expires;
    }

    /** Who holds a lease until when, as stored. */
    record Holder(String owner, Instant expires) {}

    /** @throws GcAlreadyRunningException when another collector holds the lease */
    static GcLease acquire(CollectorStore store, Clock clock, String owner, Duration settle) {
        Instant now = clock.instant();
        Optional<Holder> current = read(store);
        if (current.isPresent()
                && !current.get().owner().equals(owner)
                && current.get().expires().isAfter(now)) {
            throw running(store, current.get());
        }
        Instant expires = now.plus(TERM);
        write(store, owner, expires);
        sleep(settle);
        Optional<Holder> after = read(store);
        if (after.isEmpty() || !after.get().owner().equals(owner)) {
            throw after.map(h -> running(store, h))
                    .orElseGet(() -> new GcAlreadyRunningException("garbage collection lease " + store.leaseName()
                            + " vanished while being taken; " + "another collector is starting"));
        }
        return new GcLease(store, clock, owner, expires);
    }

    /**
     * Renews the lease when a quarter of its term has passed.
     *
     * @throws GcAbortedException when the lease has lapsed or another collector holds it now
     */
    void keepAlive() {
        Instant now = clock.instant();
        if (!now.isBefore(expires)) {
            throw new GcAbortedException("garbage collection lease expired at " + expires
                    + " (the run stalled); stopping, another collector may be running");
        }
        if (now.isBefore(expires.minus(TERM).plus(RENEW_AFTER))) {
            return;
        }
        Optional<Holder> current = read(store);
        if (current.isEmpty() || !current.get().owner().equals(owner)) {
            throw new GcAbortedException("garbage collection lease taken over by "
                    + current.map(Holder::owner).orElse("nobody (deleted)") + "; stopping");
        }
        Instant renewed = now.plus(TERM);
        write(store, owner, renewed);
        expires = renewed;
    }

    /** Gives the lease up, unless someone else holds it by now. */
    @Override
    public void close() {
        if (read(store).filter(h -> h.owner().equals(owner)).isPresent()) {
            store.deleteLease();
        }
    }

    static Optional<Holder> read(CollectorStore store) {
        Optional<byte[]> stored = store.lease();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = stored.get();
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            return Optional.of(new Holder(
                    node.get("owner").asText(),
                    Instant.parse(node.get("expires").asText())));
        } catch (IOException | RuntimeException e) {
            // Unreadable: no live collector wrote this, so it holds nothing.
            return Optional.empty();
        }
    }

    private static void write(CollectorStore store, String owner, Instant expires) {
        ObjectNode json = Json.object();
        json.put("owner", owner);
        json.put("expires", expires.toString());
        byte[] bytes = Json.bytes(json);
        store.writeLease(bytes);
    }

    private static GcAlreadyRunningException running(CollectorStore store, Holder holder) {
        return new GcAlreadyRunningException("garbage collection is already running: " + holder.owner()
                + " holds the lease " + store.leaseName() + " until " + holder.expires());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GcAbortedException("interrupted while taking the garbage collection lease");
        }
    }
}
