package dev.berth.registry.gc;

import java.time.Duration;

/** Where a running collection is, for progress lines of long runs. */
public record GcProgress(
        GcPhase phase,
        int repositoriesScanned,
        int repositories,
        long manifestsMarked,
        long manifestsPruned,
        long blobsScanned,
        long blobsSwept,
        long bytesReclaimed,
        Duration elapsed) {

    @Override
    public String toString() {
        return phase.label() + " after " + Units.duration(elapsed) + ": " + repositoriesScanned + "/" + repositories
                + " repositories, " + Units.count(manifestsMarked, "manifest") + " marked, " + manifestsPruned
                + " pruned, " + Units.count(blobsScanned, "blob") + " scanned, " + blobsSwept + " swept ("
                + Units.bytes(bytesReclaimed) + ")";
    }
}
