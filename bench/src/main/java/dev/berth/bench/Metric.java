package dev.berth.bench;

import java.util.function.Function;

/** A row of the results table: what was measured, in which unit, and Berth's target. */
enum Metric {
    PUSH_ONE_PUT(s -> "push " + Units.size(s.blob()) + " in one PUT", "MB/s", 0, Target.timesDistribution(2)),
    PUSH_ONE_PUT_CPU(s -> "  registry CPU per GiB", "s", 2, Target.atMost(1.5, "s")),
    PUSH_CHUNKED(s -> "push " + Units.size(s.blob()) + " in " + Units.size(s.chunk()) + " PATCHes", "MB/s", 0,
            Target.timesDistribution(2)),
    PUSH_CHUNKED_CPU(s -> "  registry CPU per GiB", "s", 2, Target.atMost(1.5, "s")),
    PUSH_PARALLEL(s -> s.pushers() + " clients × " + s.blobsPerPusher() + " × " + Units.size(s.pusherBlob())
            + " pushes", "MB/s", 0, Target.timesDistribution(2)),
    PUSH_PARALLEL_CPU(s -> "  registry CPU per GiB", "s", 2, Target.atMost(1.5, "s")),
    PULL(s -> "pull " + Units.size(s.blob()), "MB/s", 0, Target.pull()),
    MANIFEST_GET(s -> "manifest GET by tag, " + s.manifestClients() + " connections", "req/s", 0,
            Target.timesDistribution(5)),
    MANIFEST_GET_P99(s -> "  p99 latency", "ms", 2, Target.none()),
    MANIFEST_HEAD(s -> "manifest HEAD by tag, " + s.manifestClients() + " connections", "req/s", 0,
            Target.timesDistribution(5)),
    MANIFEST_HEAD_P99(s -> "  p99 latency", "ms", 2, Target.none()),
    SMALL_PUSHES(s -> Units.size(s.smallBlob()) + " blob pushes (POST+PUT), " + s.smallPushers() + " clients",
            "pushes/s", 0, Target.timesDistribution(2)),
    PEAK_RSS(s -> "peak RSS over the run (VmHWM)", "MiB", 0, Target.atMost(192, "MiB")),
    RSS_GROWTH(s -> "RSS growth during a " + Units.size(s.flatPushSize()) + " push, 2nd half over 1st",
            "MiB", 0, Target.atMost(16, "MiB (flat)")),
    STARTUP(s -> "process start to first 200 on /v2/", "s", 2, Target.atMost(0.5, "s"));

    private final Function<Sizes, String> label;
    private final String unit;
    private final int decimals;
    private final Target target;

    Metric(Function<Sizes, String> label, String unit, int decimals, Target target) {
        this.label = label;
        this.unit = unit;
        this.decimals = decimals;
        this.target = target;
    }

    String label(Sizes sizes) {
        return label.apply(sizes);
    }

    String unit() {
        return unit;
    }

    Target target() {
        return target;
    }

    String format(double value) {
        return Double.isNaN(value) ? "–" : String.format(java.util.Locale.ROOT, "%,." + decimals + "f", value);
    }
}
