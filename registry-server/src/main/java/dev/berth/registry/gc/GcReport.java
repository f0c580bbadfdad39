package dev.berth.registry.gc;

import java.time.Duration;

/**
 * What a collection found and did; a dry run reports what it would have done. Plain numbers, so
 * it serialises to JSON as it is.
 *
 * @param repositories     repositories scanned
 * @param manifestsMarked  manifest revisions in use (a manifest held by two repositories counts twice)
 * @param blobsMarked      distinct blobs in use: layers, configs and the manifests themselves
 * @param manifestsPruned  manifest revisions removed
 * @param blobsSwept       blobs deleted
 * @param bytesReclaimed   their total size
 * @param uploadsRemoved   idle upload sessions removed
 * @param durationMillis   how long the run took
 */
public record GcReport(
        boolean dryRun,
        int repositories,
        long manifestsMarked,
        long blobsMarked,
        long manifestsPruned,
        long blobsSwept,
        long bytesReclaimed,
        long uploadsRemoved,
        long durationMillis) {

    public Duration duration() {
        return Duration.ofMillis(durationMillis);
    }

    /** One line in human units, e.g. for the log or the CLI. */
    @Override
    public String toString() {
        String would = dryRun ? "would have " : "";
        return (dryRun ? "dry run, nothing deleted" : "garbage collected") + " in " + Units.duration(duration())
                + ": " + Units.count(repositories, "repository", "repositories") + ", "
                + Units.count(manifestsMarked, "manifest") + " and " + Units.count(blobsMarked, "blob") + " in use; "
                + would + "pruned " + Units.count(manifestsPruned, "manifest") + ", "
                + would + "swept " + Units.count(blobsSwept, "blob") + " (" + Units.bytes(bytesReclaimed) + "), "
                + would + "removed " + Units.count(uploadsRemoved, "idle upload");
    }
}
