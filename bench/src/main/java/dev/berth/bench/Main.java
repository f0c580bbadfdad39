package dev.berth.bench;

/** {@code berth-bench}: runs the benchmark (see bench/README.md) and prints the report. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        // S3Proxy and Jetty log through slf4j-simple: warnings only.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Report report = new Benchmark(options, System.err::println).run();
        String text = report.render();
        report.write(text);
        System.out.println(text);
        if (!report.failures().isEmpty()) {
            System.exit(1);
        }
    }
}
