package dev.berth.bench;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's results as Markdown: the table of medians with ratios, targets and verdicts, the
 * load client's own CPU use per scenario, every run's figures, and the S3 request counts.
 */
record Report(Options options, Sizes sizes, List<RegistryRun.Result> berth, List<RegistryRun.Result> distribution,
        List<Window> nginxPulls, long pullBytes, S3Counts.Counts berthS3, S3Counts.Counts distributionS3,
        List<String> failures, String loadBefore, String loadAfter, double seconds) {

    String render() {
        StringBuilder b = new StringBuilder();
        b.append("# Berth benchmark results\n\n");
        b.append(String.format(Locale.ROOT, "%s, %s mode%s, %d cores, load average %s before and %s after, "
                        + "%.0f s in all.%n%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), options.quick() ? "quick"
                        : "full", options.big() ? " with the large push" : "", Runtime.getRuntime().availableProcessors(),
                loadBefore, loadAfter, seconds));
        if (busy()) {
            b.append("**The machine was busy** (a load average above its core count before the run, or twice it after): other work took CPU from ")
                    .append("both registries and the load client, so these figures are noise, not performance.\n\n");
        }
        if (!options.s3Only()) {
            b.append("- Berth: `java ").append(String.join(" ", options.jvmFlags())).append(" -jar berth.jar serve`")
                    .append(" (Java ").append(System.getProperty("java.version")).append("), filesystem storage, ")
                    .append("no auth, `log.access: false`\n");
            b.append("- distribution: ").append(Versions.distribution(options.distribution()))
                    .append(", filesystem storage, in-memory blob descriptor cache, no auth, log level error, access log off\n");
            if (options.nginx() != null) {
                b.append("- nginx: ").append(Versions.nginx(options.nginx())).append(", sendfile, one worker\n");
            }
            b.append("- order: ").append(options.nginx() != null ? "nginx, " : "")
                    .append("Berth, distribution, distribution, Berth").append(options.nginx() != null ? ", nginx" : "")
                    .append("; each figure is the median of the runs\n\n");
            mainTable(b);
            clientTable(b);
            runsTable(b);
        }
        if (berthS3 != null) {
            s3Table(b);
        }
        if (!failures.isEmpty()) {
            b.append("Failures:\n\n");
            failures.forEach(f -> b.append("- ").append(f.replace("\n", " ")).append('\n'));
        }
        return b.toString();
    }

    /**
     * Whether other work shared the machine: a one-minute load average above the cores before the
     * run, or above twice the cores after it. The run's own servers and clients keep about the
     * cores busy (more while S3Proxy runs beside the client), so the figure after is held to more.
     */
    boolean busy() {
        int cores = Runtime.getRuntime().availableProcessors();
        return firstNumber(loadBefore) > cores || firstNumber(loadAfter) > 2 * cores;
    }

    private static double firstNumber(String loadAverage) {
        try {
            return Double.parseDouble(loadAverage.split(" ")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void mainTable(StringBuilder b) {
        double nginx = median(nginxPulls.stream().map(w -> Units.megabytesPerSecond(pullBytes, w.seconds())).toList());
        b.append("| scenario | unit | Berth | distribution | Berth ÷ distribution | target | met? |\n");
        b.append("| --- | --- | ---: | ---: | ---: | --- | --- |\n");
        for (Metric m : Metric.values()) {
            double ours = median(berth, m);
            double theirs = median(distribution, m);
            String target = m.target().text();
            if (m == Metric.PULL && !Double.isNaN(nginx)) {
                target += " (nginx: " + Metric.PULL.format(nginx) + " MB/s)";
            }
            String ratio = m.format(theirs).matches("[0.,]+") ? "–" : ratio(ours, theirs);
            b.append("| ").append(m.label(sizes)).append(" | ").append(m.unit()).append(" | ").append(m.format(ours))
                    .append(" | ").append(m.format(theirs)).append(" | ").append(ratio).append(" | ")
                    .append(target).append(" | ").append(m.target().verdict(ours, theirs, nginx)).append(" |\n");
        }
        b.append('\n');
    }

    private void clientTable(StringBuilder b) {
        b.append("The load client's own CPU use in each scenario (CPU seconds per wall second; this machine has ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores):\n\n");
        b.append("| scenario | against Berth | against distribution |\n| --- | ---: | ---: |\n");
        Set<String> scenarios = new LinkedHashSet<>();
        berth.forEach(r -> scenarios.addAll(r.clientCores().keySet()));
        for (String s : scenarios) {
            b.append("| ").append(s).append(" | ").append(cores(berth, s)).append(" | ").append(cores(distribution, s))
                    .append(" |\n");
        }
        if (!nginxPulls.isEmpty()) {
            b.append("| pull from nginx | ").append(String.format(Locale.ROOT, "%.2f",
                    median(nginxPulls.stream().map(Window::clientCores).toList()))).append(" | |\n");
        }
        b.append('\n');
    }

    private void runsTable(StringBuilder b) {
        b.append("Every run, in the order run:\n\n| scenario |");
        List<String> names = new ArrayList<>(List.of("Berth 1", "distribution 1", "distribution 2", "Berth 2"));
        List<RegistryRun.Result> runs = new ArrayList<>();
        runs.add(berth.get(0));
        runs.addAll(distribution);
        runs.add(berth.get(berth.size() - 1));
        names.forEach(n -> b.append(' ').append(n).append(" |"));
        b.append("\n| --- |").append(" ---: |".repeat(names.size())).append('\n');
        for (Metric m : Metric.values()) {
            b.append("| ").append(m.label(sizes)).append(" (").append(m.unit()).append(") |");
            runs.forEach(r -> b.append(' ').append(m.format(r.values().getOrDefault(m, Double.NaN))).append(" |"));
            b.append('\n');
        }
        if (!nginxPulls.isEmpty()) {
            b.append("\nnginx pulls: ").append(String.join(", ", nginxPulls.stream().map(w -> Metric.PULL.format(
                    Units.megabytesPerSecond(pullBytes, w.seconds())) + " MB/s").toList())).append('\n');
        }
        b.append('\n');
    }

    private void s3Table(StringBuilder b) {
        b.append("S3 requests per client operation (S3Proxy behind a counting proxy; counted after one warm-up push):\n\n");
        b.append("| operation | Berth | distribution | Berth ÷ distribution | Berth's requests | distribution's requests |\n");
        b.append("| --- | ---: | ---: | ---: | --- | --- |\n");
        for (String op : S3Counts.operations(sizes)) {
            long ours = berthS3.total(op);
            String theirs = distributionS3 == null ? "–" : Long.toString(distributionS3.total(op));
            String r = distributionS3 == null ? "–" : ratio(ours, distributionS3.total(op));
            b.append("| ").append(op).append(" | ").append(ours).append(" | ").append(theirs).append(" | ").append(r)
                    .append(" | ").append(kinds(berthS3, op)).append(" | ")
                    .append(distributionS3 == null ? "(failed, see below)" : kinds(distributionS3, op)).append(" |\n");
        }
        b.append('\n');
    }

    private static String kinds(S3Counts.Counts counts, String operation) {
        Map<String, Long> byKind = counts.byOperation().getOrDefault(operation, Map.of());
        List<String> parts = new ArrayList<>();
        byKind.forEach((kind, n) -> parts.add(kind + " " + n));
        return String.join(", ", parts);
    }

    private static String cores(List<RegistryRun.Result> runs, String scenario) {
        double v = median(runs.stream().map(r -> r.clientCores().getOrDefault(scenario, Double.NaN)).toList());
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ratio(double ours, double theirs) {
        if (Double.isNaN(ours) || Double.isNaN(theirs) || theirs == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", ours / theirs);
    }

    private static double median(List<RegistryRun.Result> runs, Metric m) {
        return median(runs.stream().map(r -> r.values().getOrDefault(m, Double.NaN)).toList());
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(v -> !v.isNaN()).sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    /** Writes the report to {@code out} too, when one was asked for. */
    void write(String text) throws IOException {
        if (options.out() != null) {
            java.nio.file.Files.writeString(options.out(), text);
        }
    }
}
