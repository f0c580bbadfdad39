package dev.berth.registry.gc;

/** Hears how each run of a {@link GarbageCollector} ended, on the thread that ran it. */
public interface GcListener {
    /** A run (or dry run) completed with this report. */
    void completed(GcReport report);

    /** A run did not complete: another one held the store, it was aborted, or it failed. */
    void failed(RuntimeException e);

    GcListener NONE = new GcListener() {
        @Override
        public void completed(GcReport report) {}

        @Override
        public void failed(RuntimeException e) {}
    };
}
