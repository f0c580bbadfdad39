package dev.berth.registry.gc;

import dev.berth.registry.content.BlobStore;
import dev.berth.registry.content.CollectorStore;
import dev.berth.registry.content.DeletionGuard;
import dev.berth.registry.content.ManifestStore;
import dev.berth.registry.content.Registry;
import dev.berth.registry.content.StoredManifest;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.logging.LogText;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.Manifest;
import dev.berth.registry.model.ManifestParser;
import dev.berth.registry.model.RepositoryGlob;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collection: mark and prune repository by repository, then sweep the blob store.
 *
 * <p>Safety rests on two rules. Whatever existed when the run started ({@code start}) and is
 * referenced then is marked, because every repository is read after that moment. Whatever a
 * client relies on after it (a HEAD, mount, upload or manifest push) was claimed through the
 * {@link DeletionGuard}, and every deletion here first writes the digest's tombstone and gives up
 * when a claim is recent; objects younger than the grace period are not even considered. So
 * nothing here re-reads a repository to see what changed while it ran.
 *
 * <p>Deletions run in the reverse of write order: referrer entry, then the revision's records, then
 * the revision; every link, then the blob. A run that stops part-way leaves garbage, never a
 * dangling reference. Records of revisions and tags that are gone (left by a deletion racing a push
 * or pull) are removed too, once older than the grace period.
 */
final class GcRun {
    private static final Logger LOG = LoggerFactory.getLogger(GcRun.class);

    private final Registry registry;
    private final CollectorStore reserve;
    private final GcOptions options;
    private final Clock clock;
    private final Runnable checkpoint;
    private final Consumer<GcPhase> phases;
    private final List<RepositoryGlob> keep;

    private final Set<Digest> marked = new HashSet<>();
    /** Which repositories link each digest, as read during the mark. */
    private final Map<Digest, List<RepositoryName>> links = new HashMap<>();
    /** Every blob the sweep walked, to tell use records of absent content. */
    private final Set<Digest> present = new HashSet<>();

    private volatile GcPhase phase = GcPhase.MARK;
    private final AtomicInteger repositories = new AtomicInteger();
    private final AtomicInteger repositoriesScanned = new AtomicInteger();
    private final AtomicLong manifestsMarked = new AtomicLong();
    private final AtomicLong manifestsPruned = new AtomicLong();
    private final AtomicLong blobsScanned = new AtomicLong();
    private final AtomicLong blobsSwept = new AtomicLong();
    private final AtomicLong bytesReclaimed = new AtomicLong();
    private final AtomicLong blobsMarked = new AtomicLong();
    private long uploadsRemoved;

    private volatile Instant start;
    private Instant claimedBefore;
    private Instant pruneBefore;

    /**
     * @param reserve    gives the tombstones room on a full disk
     * @param checkpoint called at every step, before every deletion among others, so must be cheap:
     *     renews the lease when due, and throws {@link GcAbortedException} to stop the run
     * @param phases     told when each phase begins
     */
    GcRun(
            Registry registry,
            CollectorStore reserve,
            GcOptions options,
            Clock clock,
            Runnable checkpoint,
            Consumer<GcPhase> phases) {
        this.registry = registry;
        this.reserve = reserve;
        this.options = options;
        this.clock = clock;
        this.checkpoint = checkpoint;
        this.phases = phases;
        this.keep = options.keep().stream().map(RepositoryGlob::new).toList();
    }

    GcReport execute() {
        start = clock.instant();
        DeletionGuard guard = registry.guard();
        claimedBefore = guard.claimedBefore(start);
        pruneBefore = start.minus(options.pruneAge());
        enter(GcPhase.MARK);
        List<RepositoryName> names = registry.catalog().all(name -> true);
        repositories.set(names.size());
        for (RepositoryName name : names) {
            new RepositoryScan(name).run();
            repositoriesScanned.incrementAndGet();
        }
        blobsMarked.set(marked.size());
        enter(GcPhase.SWEEP);
        sweep();
        forgetClaimsOfAbsentContent();
        enter(GcPhase.UPLOADS);
        uploadsRemoved = options.dryRun()
                ? registry.uploads().countIdle(options.uploadPurgeAge())
                : registry.uploads().purgeIdle(options.uploadPurgeAge());
        return new GcReport(
                options.dryRun(),
                repositories.get(),
                manifestsMarked.get(),
                blobsMarked.get(),
                manifestsPruned.get(),
                blobsSwept.get(),
                bytesReclaimed.get(),
                uploadsRemoved,
                Duration.between(start, clock.instant()).toMillis());
    }

    GcProgress progress() {
        Instant began = start;
        return new GcProgress(
                phase,
                repositoriesScanned.get(),
                repositories.get(),
                manifestsMarked.get(),
                manifestsPruned.get(),
                blobsScanned.get(),
                blobsSwept.get(),
                bytesReclaimed.get(),
                began == null ? Duration.ZERO : Duration.between(began, clock.instant()));
    }

    private void enter(GcPhase next) {
        phase = next;
        checkpoint.run();
        phases.accept(next);
    }

    /** Whether a push claimed {@code digest} since {@link #claimedBefore}: what a dry run asks instead of deleting. */
    private boolean claimedRecently(Digest digest) {
        return registry.guard()
                .lastClaimed(digest)
                .filter(t -> !t.isBefore(claimedBefore))
                .isPresent();
    }

    /**
     * Runs {@code deletion} under {@code digest}'s tombstone unless a push claimed it since
     * {@link #claimedBefore}; false when it did (and nothing was deleted).
     */
    private boolean underTombstone(Digest digest, Runnable deletion) {
        DeletionGuard guard = registry.guard();
        checkpoint.run();
        if (!reserve.withRoom(() -> guard.beginDeletion(digest, claimedBefore))) {
            return false;
        }
        try {
            deletion.run();
        } finally {
            guard.endDeletion(digest);
        }
        return true;
    }

    /** Marks one repository's live manifests and what they reference, then prunes the rest. */
    private final class RepositoryScan {
        private final RepositoryName name;
        private final ManifestStore manifests = registry.manifests();
        private final Map<Digest, Instant> revisions = new HashMap<>();
        private final Set<Digest> tagged = new HashSet<>();
        private final Set<Tag> tags = new HashSet<>();
        private final Map<Digest, List<Digest>> referrersOf = new HashMap<>();
        private final Map<Digest, Digest> subjectOf = new HashMap<>();
        private final Set<Digest> live = new HashSet<>();

        RepositoryScan(RepositoryName name) {
            this.name = name;
        }

        void run() {
            registry.tags().forEach(name, (tag, digest) -> {
                checkpoint.run();
                tagged.add(digest);
                tags.add(tag);
            });
            manifests.forEachRevision(name, r -> {
                checkpoint.run();
                revisions.put(r.digest(), r.written());
            });
            registry.referrers().forEachEntry(name, (subject, referrer) -> {
                checkpoint.run();
                referrersOf.computeIfAbsent(subject, k -> new ArrayList<>()).add(referrer);
                subjectOf.put(referrer, subject);
            });
            registry.blobs().forEachLink(name, digest -> {
                checkpoint.run();
                links.computeIfAbsent(digest, k -> new ArrayList<>(1)).add(name);
            });

            boolean pruning = options.pruneUntagged() && keep.stream().noneMatch(g -> g.matches(name.value()));
            Deque<Digest> roots = new ArrayDeque<>(tagged);
            revisions.forEach((digest, written) -> {
                if (!pruning
                        || !written.isBefore(pruneBefore)
                        || (options.keepReferrers() && subjectOf.containsKey(digest))) {
                    roots.add(digest);
                }
            });
            markFrom(roots);
            if (pruning) {
                prune();
            }
            if (!options.dryRun()) {
                int orphans = registry.images()
                        .removeOrphans(name, revisions::containsKey, tags::contains, claimedBefore, checkpoint);
                if (orphans > 0) {
                    LOG.info("removed {} record(s) of deleted revisions or tags of {}", orphans, name);
                }
            }
        }

        /** Marks everything reachable from {@code work} within this repository. */
        private void markFrom(Deque<Digest> work) {
            while (!work.isEmpty()) {
                Digest digest = work.pop();
                if (!live.add(digest)) {
                    continue;
                }
                checkpoint.run();
                marked.add(digest);
                Optional<Manifest> manifest = read(digest, true);
                if (manifest.isEmpty()) {
                    continue;
                }
                manifestsMarked.incrementAndGet();
                marked.addAll(manifest.get().blobs());
                // Usually absent (clients fetch them elsewhere), but kept when a client pushed them too.
                marked.addAll(manifest.get().externalLayers());
                work.addAll(manifest.get().children());
                work.addAll(referrersOf.getOrDefault(digest, List.of()));
            }
        }

        /**
         * Removes every revision the mark did not reach, parents before children (an index before
         * the manifests it lists, a subject before its referrers): when a push has just claimed a
         * parent, it and everything below it stay.
         */
        private void prune() {
            Map<Digest, Optional<Manifest>> candidates = new HashMap<>();
            for (Digest digest : revisions.keySet()) {
                if (!live.contains(digest)) {
                    checkpoint.run();
                    candidates.put(digest, read(digest, false));
                }
            }
            for (Digest digest : parentsFirst(candidates)) {
                if (live.contains(digest)) {
                    continue;
                }
                Digest subject = candidates.get(digest).map(Manifest::subject).orElse(subjectOf.get(digest));
                boolean pruned = options.dryRun()
                        ? !claimedRecently(digest)
                        : underTombstone(digest, () -> manifests.removeUntagged(name, digest, subject));
                if (pruned) {
                    manifestsPruned.incrementAndGet();
                } else {
                    markFrom(new ArrayDeque<>(List.of(digest)));
                }
            }
        }

        private List<Digest> parentsFirst(Map<Digest, Optional<Manifest>> candidates) {
            List<Digest> postOrder = new ArrayList<>();
            Set<Digest> seen = new HashSet<>();
            for (Digest root : candidates.keySet()) {
                if (!seen.add(root)) {
                    continue;
                }
                // Iterative depth-first search: a frame is a digest and the iterator over its edges.
                Deque<Map.Entry<Digest, Iterator<Digest>>> stack = new ArrayDeque<>();
                stack.push(Map.entry(root, edges(root, candidates).iterator()));
                while (!stack.isEmpty()) {
                    var top = stack.peek();
                    if (top.getValue().hasNext()) {
                        Digest next = top.getValue().next();
                        if (candidates.containsKey(next) && seen.add(next)) {
                            stack.push(Map.entry(next, edges(next, candidates).iterator()));
                        }
                    } else {
                        postOrder.add(stack.pop().getKey());
                    }
                }
            }
            Collections.reverse(postOrder);
            return postOrder;
        }

        private Collection<Digest> edges(Digest digest, Map<Digest, Optional<Manifest>> candidates) {
            Set<Digest> out = new LinkedHashSet<>(referrersOf.getOrDefault(digest, List.of()));
            candidates.get(digest).ifPresent(m -> out.addAll(m.children()));
            return out;
        }

        /**
         * The revision, parsed; empty when it is gone (deleted meanwhile, or its bytes missing). A
         * live manifest that cannot be parsed stops the run: sweeping without knowing what it
         * references could delete its layers.
         */
        private Optional<Manifest> read(Digest digest, boolean live) {
            Optional<StoredManifest> stored = manifests.readRevision(name, digest);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(ManifestParser.parse(
                        stored.get().content(), stored.get().mediaType(), digest.algorithm()));
            } catch (RegistryException e) {
                if (live) {
                    throw new GcAbortedException(
                            "manifest " + digest + " of " + name + " cannot be parsed ("
                                    + LogText.escape(e.getMessage())
                                    + "); stopping rather than guess what it references",
                            e);
                }
                // Parse errors quote the manifest, which a client wrote.
                LOG.warn(
                        "unreachable manifest {} of {} cannot be parsed ({}); pruning it as a leaf",
                        digest,
                        name,
                        LogText.escape(e.getMessage()));
                return Optional.empty();
            }
        }
    }

    /** Deletes every unmarked blob stored before {@link #claimedBefore} and not claimed since. */
    private void sweep() {
        BlobStore blobs = registry.blobs();
        List<BlobStore.StoredBlob> candidates = new ArrayList<>();
        blobs.forEachBlob(blob -> {
            checkpoint.run();
            blobsScanned.incrementAndGet();
            present.add(blob.digest());
            if (!marked.contains(blob.digest()) && blob.lastModified().isBefore(claimedBefore)) {
                candidates.add(blob);
            }
        });
        for (BlobStore.StoredBlob blob : candidates) {
            if (options.dryRun()) {
                if (!claimedRecently(blob.digest())) {
                    swept(blob.size());
                }
            } else {
                underTombstone(blob.digest(), () -> delete(blob.digest()));
            }
        }
    }

    /** Under the tombstone: every link, then the content, then its use record. */
    private void delete(Digest digest) {
        BlobStore blobs = registry.blobs();
        Optional<BlobStore.StoredBlob> now = blobs.stat(digest);
        if (now.isEmpty() || !now.get().lastModified().isBefore(claimedBefore)) {
            return;
        }
        links.getOrDefault(digest, List.of()).forEach(repository -> blobs.unlink(repository, digest));
        if (blobs.deleteContent(digest)) {
            swept(now.get().size());
        }
        registry.guard().forgetClaim(digest, claimedBefore);
    }

    private void swept(long size) {
        blobsSwept.incrementAndGet();
        bytesReclaimed.addAndGet(size);
    }

    /**
     * Removes use records older than the grace period of content that does not exist (a HEAD that
     * found nothing, an upload never finished). Records of existing content stay: removing one
     * just as a push rewrites it would lose that push's claim. Under the digest's tombstone, a
     * push that claims meanwhile waits and then finds the content absent, so it relies on nothing.
     */
    private void forgetClaimsOfAbsentContent() {
        if (options.dryRun()) {
            return;
        }
        DeletionGuard guard = registry.guard();
        List<Digest> stale = new ArrayList<>();
        guard.forEachClaim((digest, written) -> {
            if (written.isBefore(claimedBefore) && !present.contains(digest)) {
                stale.add(digest);
            }
        });
        for (Digest digest : stale) {
            underTombstone(digest, () -> {
                if (registry.blobs().stat(digest).isEmpty()) {
                    guard.forgetClaim(digest, claimedBefore);
                }
            });
        }
    }
}
