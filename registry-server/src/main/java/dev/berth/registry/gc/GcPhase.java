package dev.berth.registry.gc;

/** The steps of one collection, in order. */
public enum GcPhase {
    /** Per repository: marks what tags (and, unless pruning, every revision) reach; prunes the rest. */
    MARK("marking"),
    /** Deletes unmarked blobs older than the grace period, with their links and use records. */
    SWEEP("sweeping"),
    /** Removes upload sessions idle for longer than the purge age. */
    UPLOADS("removing idle uploads");

    private final String label;

    GcPhase(String label) {
        this.label = label;
    }

    /** What the phase does, for progress lines. */
    public String label() {
        return label;
    }
}
