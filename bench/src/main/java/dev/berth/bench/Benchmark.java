package dev.berth.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole benchmark: nginx's pull, then Berth and distribution in ABBA order (Berth,
 * distribution, distribution, Berth: drift in the machine's load hits both alike), nginx's pull
 * again, then the S3 request counts (with {@code --s3-only}, those alone). Each run has a fresh
 * process and empty storage, removed after.
 */
final class Benchmark {
    private final Options options;
    private final Sizes sizes;
    private final BlobData data = new BlobData(20261130L);
    private final Consumer<String> log;
    private int runs;

    Benchmark(Options options, Consumer<String> log) {
        this.options = options;
        this.sizes = options.sizes();
        this.log = log;
    }

    Report run() throws Exception {
        long started = System.nanoTime();
        String loadBefore = loadAverage();
        Contender berth = new Berth(options.berthJar(), options.jvmFlags());
        Contender distribution = new Distribution(options.distribution());
        Nginx nginx = options.nginx() == null || options.s3Only() ? null : new Nginx(options.nginx());
        List<RegistryRun.Result> berthRuns = new ArrayList<>();
        List<RegistryRun.Result> distributionRuns = new ArrayList<>();
        List<Window> nginxPulls = new ArrayList<>();
        if (nginx != null) {
            nginxPulls.add(nginxPull(nginx));
        }
        for (Contender c : options.s3Only() ? List.<Contender>of() : List.of(berth, distribution, distribution, berth)) {
            Path dir = runDir(c.name());
            RegistryRun.Result result = RegistryRun.execute(c, dir, sizes, data, progress(c.name()));
            (c == berth ? berthRuns : distributionRuns).add(result);
            delete(dir);
        }
        if (nginx != null) {
            nginxPulls.add(nginxPull(nginx));
        }
        S3Counts.Counts berthS3 = null;
        S3Counts.Counts distributionS3 = null;
        List<String> failures = new ArrayList<>();
        if (options.s3()) {
            Path s3dir = runDir("s3");
            try (S3Stack s3 = S3Stack.start(Files.createDirectories(s3dir.resolve("objects")))) {
                berthS3 = s3Counts(berth, s3, s3dir, failures);
                distributionS3 = s3Counts(distribution, s3, s3dir, failures);
            }
            delete(s3dir);
        }
        return new Report(options, sizes, berthRuns, distributionRuns, nginxPulls, sizes.blob(), berthS3,
                distributionS3, failures, loadBefore, loadAverage(), (System.nanoTime() - started) / 1e9);
    }

    /** The counts, or null with the failure noted: the tables measured before are worth printing anyway. */
    private S3Counts.Counts s3Counts(Contender c, S3Stack s3, Path s3dir, List<String> failures) {
        try {
            return S3Counts.count(c, s3, s3dir.resolve(c.name()), sizes, data, progress(c.name() + " on S3"));
        } catch (Exception e) {
            String failure = c.name() + " on S3 failed: " + e;
            log.accept(failure);
            failures.add(failure);
            return null;
        }
    }

    /** Pulls a blob of the size the registries' pull has, as a static file from nginx. */
    private Window nginxPull(Nginx nginx) throws IOException {
        Path dir = runDir("nginx");
        Files.createDirectories(Nginx.root(dir));
        Blob blob = data.next(sizes.blob());
        try (FileChannel file = FileChannel.open(Nginx.root(dir).resolve("blob"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            data.body(blob).writeTo(file);
        }
        Window w;
        try (ServerProcess server = nginx.start(dir, null);
                RegistryClient client = new RegistryClient(server.port(), data)) {
            long[] received = new long[1];
            w = Window.time(server.pid(), () -> received[0] = client.get("/blob"));
            if (received[0] != blob.size()) {
                throw new IllegalStateException("nginx sent " + received[0] + " bytes of " + blob.size());
            }
        }
        log.accept(String.format("[nginx] pull: %.0f MB/s", Units.megabytesPerSecond(blob.size(), w.seconds())));
        delete(dir);
        return w;
    }

    private Path runDir(String name) throws IOException {
        return Files.createDirectories(options.work().resolve(String.format("%02d-%s", ++runs, name.replace(' ', '-'))));
    }

    private Consumer<String> progress(String name) {
        int run = runs;
        return line -> log.accept("[" + run + " " + name + "] " + line);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
