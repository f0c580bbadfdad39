package dev.berth.registry.gc;

import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.model.RepositoryGlob;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one collection does. The grace period is not here: it belongs to the
 * {@link dev.berth.registry.content.DeletionGuard} of the collector's registry, which keeps what
 * was claimed within it whatever grace periods the servers that claimed have.
 *
 * @param dryRun         compute the report, delete nothing (not even a tombstone)
 * @param pruneUntagged  remove manifest revisions that no tag and no live index reaches; when
 *     false every revision is a root and only blobs no revision references are swept
 * @param pruneAge       an unreachable revision is pruned only once it is older than this
 * @param keep           repository patterns ({@code *} within a component, {@code **} across)
 *     whose untagged revisions are never pruned
 * @param keepReferrers  keep referrers (signatures, SBOMs...) whose subject is pruned, instead
 *     of pruning them with it
 * @param uploadPurgeAge upload sessions idle for longer than this are removed
 */
public record GcOptions(
        boolean dryRun,
        boolean pruneUntagged,
        Duration pruneAge,
        List<String> keep,
        boolean keepReferrers,
        Duration uploadPurgeAge) {

    public static final Duration DEFAULT_PRUNE_AGE = Duration.ofHours(24);
    public static final Duration DEFAULT_UPLOAD_PURGE_AGE = Duration.ofHours(24);

    public GcOptions {
        Objects.requireNonNull(pruneAge, "pruneAge");
        Objects.requireNonNull(uploadPurgeAge, "uploadPurgeAge");
        if (pruneAge.isNegative() || uploadPurgeAge.isNegative()) {
            throw new IllegalArgumentException("ages must not be negative");
        }
        keep = List.copyOf(keep);
        keep.forEach(RepositoryGlob::new);
    }

    /** Sweep only, nothing pruned, uploads idle for a day removed. */
    public static GcOptions defaults() {
        return new GcOptions(false, false, DEFAULT_PRUNE_AGE, List.of(), false, DEFAULT_UPLOAD_PURGE_AGE);
    }

    /** The {@code gc.*} keys and {@code uploads.purge-age} of {@code config}. */
    public static GcOptions of(RegistryConfig config) {
        RegistryConfig.GcConfig gc = config.gc();
        return new GcOptions(
                false, gc.pruneUntagged(), gc.pruneAge(), gc.keep(), gc.keepReferrers(), config.uploadPurgeAge());
    }

    /** These options with {@code dryRun} set: a run's own choice (flag or query), not a configuration key. */
    public GcOptions withDryRun(boolean value) {
        return new GcOptions(value, pruneUntagged, pruneAge, keep, keepReferrers, uploadPurgeAge);
    }

    /** These options with {@code pruneUntagged} set for one run ({@code POST /admin/gc?prune-untagged=}). */
    public GcOptions withPruneUntagged(boolean value) {
        return new GcOptions(dryRun, value, pruneAge, keep, keepReferrers, uploadPurgeAge);
    }
}
