package dev.berth.registry.lifecycle;

import dev.berth.registry.content.DeletionGuard;
import dev.berth.registry.content.ManifestStore;
import dev.berth.registry.content.Registry;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.gc.ImageExpiry;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.ManifestParser;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle rules over one registry: {@link #preview} says what would expire and why, {@link #apply}
 * expires it. Garbage collection applies them before each run that deletes ({@link ImageExpiry});
 * the bytes of what expired are swept by that same run, as nothing references them any more.
 *
 * <p>Applying recomputes the plan at the moment it runs, so with the same images and time it does
 * exactly what a preview listed. Each manifest goes under the garbage collector's tombstone
 * ({@link DeletionGuard#beginDeletion}): one that a push claimed within the grace period (pushed,
 * tagged or listed by a new index again since) stays, and so does what goes with it; the result
 * then lists it as held. A tag is removed only while it still points at the expiring image.
 */
public final class Lifecycle implements ImageExpiry {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private final Registry registry;
    private final Clock clock;
    private final LifecycleRules rules;
    private final RepositoryPlanner planner;

    public Lifecycle(Registry registry, Clock clock, LifecycleRules rules) {
        this.registry = registry;
        this.clock = clock;
        this.rules = rules;
        this.planner = new RepositoryPlanner(registry);
    }

    /**
     * What the rules would expire now in every repository a policy applies to, or in
     * {@code only} when given; a repository without a policy has no plan.
     */
    public List<RepositoryPlan> preview(Optional<RepositoryName> only) {
        Instant now = clock.instant();
        List<RepositoryPlan> plans = new ArrayList<>();
        for (RepositoryName repository : repositories(only)) {
            rules.policyFor(repository).ifPresent(policy -> plans.add(planner.plan(repository, policy, now)));
        }
        return plans;
    }

    /** Expires what {@link #preview} lists now; answers what was expired, and what was held back. */
    public List<RepositoryPlan> apply(Optional<RepositoryName> only) {
        List<RepositoryPlan> done = new ArrayList<>();
        for (RepositoryPlan plan : preview(only)) {
            done.add(apply(plan));
        }
        return done;
    }

    /** Applies every policy; how many images expired. */
    @Override
    public long expire() {
        if (rules.isEmpty()) {
            return 0;
        }
        long expired = 0;
        for (RepositoryPlan plan : apply(Optional.empty())) {
            expired += plan.expire().size();
            plan.expire()
                    .forEach(e -> LOG.info(
                            "lifecycle rule {} of {} expired {} (tags {}): {}",
                            e.rule(),
                            plan.repository(),
                            e.digest(),
                            e.tags(),
                            e.reason()));
        }
        return expired;
    }

    private List<RepositoryName> repositories(Optional<RepositoryName> only) {
        if (only.isPresent()) {
            return registry.catalog().exists(only.get()) ? List.of(only.get()) : List.of();
        }
        return registry.catalog().all(name -> true);
    }

    private RepositoryPlan apply(RepositoryPlan plan) {
        DeletionGuard guard = registry.guard();
        Instant claimedBefore = guard.claimedBefore(clock.instant());
        List<RepositoryPlan.Expiry> expired = new ArrayList<>();
        List<RepositoryPlan.Hold> held = new ArrayList<>(plan.held());
        for (RepositoryPlan.Expiry expiry : plan.expire()) {
            if (!remove(plan.repository(), expiry.digest(), expiry.tags(), guard, claimedBefore)) {
                held.add(
                        new RepositoryPlan.Hold(
                                expiry.digest(),
                                expiry.tags(),
                                expiry.rule(),
                                expiry.reason()
                                        + "; held: pushed, tagged or referenced again within the garbage collection grace period"));
                continue;
            }
            for (Digest dependent : expiry.alongWith()) {
                if (!remove(plan.repository(), dependent, List.of(), guard, claimedBefore)) {
                    break;
                }
            }
            expired.add(expiry);
        }
        return new RepositoryPlan(plan.repository(), expired, held);
    }

    /** Under its tombstone: the revision's tags that still point at it, then the revision. False when claimed. */
    private boolean remove(
            RepositoryName repository, Digest digest, List<String> tags, DeletionGuard guard, Instant claimedBefore) {
        if (!guard.beginDeletion(digest, claimedBefore)) {
            return false;
        }
        try {
            ManifestStore manifests = registry.manifests();
            for (String name : tags) {
                Tag tag = new Tag(name);
                if (registry.tags()
                        .resolve(repository, tag)
                        .filter(digest::equals)
                        .isPresent()) {
                    manifests.delete(repository, new Reference(tag, null));
                }
            }
            manifests.removeUntagged(repository, digest, subject(repository, digest));
        } finally {
            guard.endDeletion(digest);
        }
        return true;
    }

    private Digest subject(RepositoryName repository, Digest digest) {
        return registry.manifests()
                .readRevision(repository, digest)
                .map(stored -> {
                    try {
                        return ManifestParser.parse(stored.content(), stored.mediaType(), digest.algorithm())
                                .subject();
                    } catch (RegistryException e) {
                        return null;
                    }
                })
                .orElse(null);
    }
}
