package dev.berth.registry.gc;

import dev.berth.registry.content.CollectorStore;
import dev.berth.registry.content.Registry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online garbage collection of one store: first expires images by the lifecycle rules (not in a
 * dry run), then marks what tags (and, unless pruning, every manifest
 * revision) reach through indexes, configs, layers and referrers; prunes unreachable revisions
 * older than the prune age; sweeps blobs nothing marks that are older than the grace period;
 * removes idle uploads. Pushes and pulls go on meanwhile.
 *
 * <p>One run at a time per store: within the process {@link #run} refuses while another is in
 * progress, and across processes a lease in storage does the same. A completed run records its end
 * in the store ({@link #lastCompleted}), so that the schedules of several servers sharing it
 * collect about once per interval between them. Dry runs take no lease (they
 * delete nothing) but still run one at a time here. Safe to call from any thread.
 *
 * <p>A run can start on a full disk: its own writes (lease, tombstones) take their room from the
 * store's reserve ({@link CollectorStore}), which every run that deletes writes again at its end.
 */
public final class GarbageCollector {
    static final Duration DEFAULT_SETTLE = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final Registry registry;
    private final Clock clock;
    private final Duration settle;
    private final CollectorStore store;
    private final GcListener listener;
    private final ImageExpiry expiry;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile GcRun current;
    private volatile boolean cancelled;

    /**
     * @param registry the content to collect, and where the lease lives ({@link Registry#collector()});
     *     the grace period is that of {@link Registry#guard()}
     * @param clock    the time runs start at; clients' and the storage's clocks are assumed close to it
     */
    public GarbageCollector(Registry registry, Clock clock) {
        this(registry, clock, GcListener.NONE, ImageExpiry.NONE);
    }

    /**
     * @param listener hears how every run ended (for the server's metrics)
     * @param expiry   expires images (lifecycle rules) at the start of each run that deletes, under its lease
     */
    public GarbageCollector(Registry registry, Clock clock, GcListener listener, ImageExpiry expiry) {
        this(registry, clock, DEFAULT_SETTLE, listener, expiry);
    }

    /** @param settle how long taking the lease waits before checking that it holds it */
    GarbageCollector(Registry registry, Clock clock, Duration settle) {
        this(registry, clock, settle, GcListener.NONE, ImageExpiry.NONE);
    }

    private GarbageCollector(Registry registry, Clock clock, Duration settle, GcListener listener, ImageExpiry expiry) {
        this.registry = registry;
        this.clock = clock;
        this.settle = settle;
        this.store = registry.collector();
        this.listener = listener;
        this.expiry = expiry;
    }

    /** Writes the store's reserve unless it is there (or the store has no room for it). */
    void keepReserve() {
        store.keepReserve();
    }

    /**
     * Collects garbage once and reports what it did.
     *
     * @throws GcAlreadyRunningException when a collection is running here or elsewhere on the store
     * @throws GcAbortedException        when the run was cancelled, lost its lease or met a live
     *     manifest it cannot parse
     */
    public GcReport run(GcOptions options) {
        return run(options, phase -> {});
    }

    /** Like {@link #run(GcOptions)}, telling {@code phases} as each phase begins. */
    GcReport run(GcOptions options, Consumer<GcPhase> phases) {
        GcReport report;
        try {
            report = runOnce(options, phases);
        } catch (RuntimeException e) {
            listener.failed(e);
            throw e;
        }
        listener.completed(report);
        return report;
    }

    private GcReport runOnce(GcOptions options, Consumer<GcPhase> phases) {
        if (!running.compareAndSet(false, true)) {
            throw new GcAlreadyRunningException("garbage collection is already running in this process");
        }
        cancelled = false;
        try {
            if (options.dryRun()) {
                return execute(new GcRun(registry, store, options, clock, this::checkCancelled, phases));
            }
            String owner = ThisProcess.NAME + "/" + UUID.randomUUID().toString().substring(0, 8);
            try (GcLease lease = GcLease.acquire(store, clock, owner, settle)) {
                try {
                    long expired = expiry.expire();
                    if (expired > 0) {
                        LOG.info("lifecycle rules expired {} before collecting", Units.count(expired, "image"));
                    }
                    GcReport report = execute(new GcRun(
                            registry,
                            store,
                            options,
                            clock,
                            () -> {
                                checkCancelled();
                                lease.keepAlive();
                            },
                            phases));
                    store.recordRun(owner);
                    return report;
                } finally {
                    store.keepReserve();
                }
            }
        } finally {
            current = null;
            running.set(false);
        }
    }

    /**
     * When a collection of this store (by any server or {@code berth gc}) last completed; empty when
     * none did yet, or the store cannot say.
     */
    public Optional<Instant> lastCompleted() {
        return store.lastRun();
    }

    private GcReport execute(GcRun run) {
        current = run;
        return run.execute();
    }

    /** Where the run in progress is; empty when none is. */
    public Optional<GcProgress> progress() {
        return Optional.ofNullable(current).map(GcRun::progress);
    }

    /** Asks the run in progress, if any, to stop at its next step; it then throws {@link GcAbortedException}. */
    public void cancel() {
        cancelled = true;
    }

    private void checkCancelled() {
        if (cancelled) {
            throw new GcAbortedException("garbage collection cancelled");
        }
    }

    /**
     * This process as a lease names its owner: host name and process id. Made at the first
     * collection, not when the server starts: the host name takes a resolver call.
     */
    private static final class ThisProcess {
        static final String NAME = name();

        private static String name() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown-host";
            }
            return host + "/pid-" + ProcessHandle.current().pid();
        }
    }
}
