package dev.berth.registry.gc;

import dev.berth.registry.content.Registry;
import dev.berth.storage.Storage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Online garbage collection of one store: marks what tags (and, unless pruning, every manifest
 * revision) reach through indexes, configs, layers and referrers; prunes unreachable revisions
 * older than the prune age; sweeps blobs nothing marks that are older than the grace period;
 * removes idle uploads. Pushes and pulls go on meanwhile.
 *
 * <p>One run at a time per store: within the process {@link #run} refuses while another is in
 * progress, and across processes a lease in storage does the same. Dry runs take no lease (they
 * delete nothing) but still run one at a time here. Safe to call from any thread.
 *
 * <p>A run can start on a full disk: its own writes (lease, tombstones) take their room from the
 * store's {@link GcReserve}, which every run that deletes writes again at its end.
 */
public final class GarbageCollector {
    static final Duration DEFAULT_SETTLE = Duration.ofMillis(500);
    private static final String PROCESS = processName();

    private final Storage storage;
    private final Registry registry;
    private final Clock clock;
    private final Duration settle;
    private final GcReserve reserve;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile GcRun current;
    private volatile boolean cancelled;

    /**
     * @param storage  the store {@code registry} works on, where the lease lives
     * @param registry its content; the grace period is that of {@link Registry#guard()}
     * @param clock    the time runs start at; clients' and the storage's clocks are assumed close to it
     */
    public GarbageCollector(Storage storage, Registry registry, Clock clock) {
        this(storage, registry, clock, DEFAULT_SETTLE);
    }

    /** @param settle how long taking the lease waits before checking that it holds it */
    GarbageCollector(Storage storage, Registry registry, Clock clock, Duration settle) {
        this.storage = storage;
        this.registry = registry;
        this.clock = clock;
        this.settle = settle;
        this.reserve = new GcReserve(storage);
    }

    /** Writes the store's {@link GcReserve} unless it is there (or the store has no room for it). */
    void keepReserve() {
        reserve.keep();
    }

    /**
     * Collects garbage once and reports what it did.
     *
     * @throws GcAlreadyRunningException when a collection is running here or elsewhere on the store
     * @throws GcAbortedException        when the run was cancelled, lost its lease or met a live
     *     manifest it cannot parse
     */
    public GcReport run(GcOptions options) {
        return run(options, phase -> { });
    }

    /** Like {@link #run(GcOptions)}, telling {@code phases} as each phase begins. */
    GcReport run(GcOptions options, Consumer<GcPhase> phases) {
        if (!running.compareAndSet(false, true)) {
            throw new GcAlreadyRunningException("garbage collection is already running in this process");
        }
        cancelled = false;
        try {
            if (options.dryRun()) {
                return execute(new GcRun(registry, reserve, options, clock, this::checkCancelled, phases));
            }
            String owner = PROCESS + "/" + UUID.randomUUID().toString().substring(0, 8);
            try (GcLease lease = GcLease.acquire(storage, clock, owner, settle)) {
                try {
                    return execute(new GcRun(registry, reserve, options, clock, () -> {
                        checkCancelled();
                        lease.keepAlive();
                    }, phases));
                } finally {
                    reserve.keep();
                }
            }
        } finally {
            current = null;
            running.set(false);
        }
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

    private static String processName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/pid-" + ProcessHandle.current().pid();
    }
}
