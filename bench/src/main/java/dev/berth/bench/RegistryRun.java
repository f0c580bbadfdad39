package dev.berth.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Every scenario once against one fresh registry process with empty storage, in a fixed order after
 * a warm-up: the large push in one PUT (memory watched during it), its pull, the large push in PATCHes, the
 * parallel pushers, manifest GETs and HEADs, small blob pushes, and (optionally) the very large push.
 */
final class RegistryRun {
    static final String REPOSITORY = "bench/app";

    /**
     * @param values      each metric's figure in this run
     * @param clientCores per scenario, the cores the load client kept busy
     */
    record Result(Map<Metric, Double> values, Map<String, Double> clientCores) {
    }

    private final ServerProcess server;
    private final Sizes sizes;
    private final BlobData data;
    private final Consumer<String> progress;
    private final Map<Metric, Double> values = new EnumMap<>(Metric.class);
    private final Map<String, Double> clientCores = new LinkedHashMap<>();

    private RegistryRun(ServerProcess server, Sizes sizes, BlobData data, Consumer<String> progress) {
        this.server = server;
        this.sizes = sizes;
        this.data = data;
        this.progress = progress;
    }

    /** Starts {@code contender} in {@code dir}, runs every scenario, stops it. */
    static Result execute(Contender contender, Path dir, Sizes sizes, BlobData data, Consumer<String> progress) {
        try (ServerProcess server = contender.start(dir, null)) {
            RegistryRun run = new RegistryRun(server, sizes, data, progress);
            run.values.put(Metric.STARTUP, server.startupSeconds());
            progress.accept(String.format("started in %.2f s", server.startupSeconds()));
            try (RssSampler rss = new RssSampler(server.pid())) {
                run.all(rss);
            }
            return new Result(run.values, run.clientCores);
        }
    }

    private void all(RssSampler rss) {
        warmUp();
        Blob large = data.next(sizes.blob());
        Window onePut = push(Metric.PUSH_ONE_PUT, Metric.PUSH_ONE_PUT_CPU, large.size(),
                c -> c.pushMonolithic(REPOSITORY, large));
        if (sizes.flatPush() == 0) {
            values.put(Metric.RSS_GROWTH, rss.growthKiB(onePut.started(), onePut.ended()) / 1024.0);
        }
        pull(large);
        Blob chunked = data.next(sizes.blob());
        push(Metric.PUSH_CHUNKED, Metric.PUSH_CHUNKED_CPU, chunked.size(),
                c -> c.pushChunked(REPOSITORY, chunked, sizes.chunk()));
        parallelPushes();
        manifests();
        smallPushes();
        if (sizes.flatPush() > 0) {
            Blob huge = data.next(sizes.flatPush());
            Window flat = push(null, null, huge.size(), c -> c.pushMonolithic(REPOSITORY, huge));
            values.put(Metric.RSS_GROWTH, rss.growthKiB(flat.started(), flat.ended()) / 1024.0);
        }
        values.put(Metric.PEAK_RSS, Proc.peakRssKiB(server.pid()) / 1024.0);
        progress.accept(String.format("peak RSS %.0f MiB, RSS growth %.0f MiB", values.get(Metric.PEAK_RSS),
                values.get(Metric.RSS_GROWTH)));
    }

    /**
     * A server that has run a while, as in service: its code compiled (a JVM's JIT) and its pools
     * filled. Nothing of this is measured, except by the peak RSS.
     */
    private void warmUp() {
        try (RegistryClient client = new RegistryClient(server.port(), data)) {
            // Twice: a JIT compiles a loop's body fully only after some ten thousand passes, and
            // one pass here is one network read of up to 128 KiB.
            for (int round = 0; round < 2; round++) {
                Blob whole = data.next(sizes.warmupBlob());
                client.pushMonolithic(REPOSITORY, whole);
                client.pushChunked(REPOSITORY, data.next(sizes.warmupBlob()), sizes.chunk());
                client.pull(REPOSITORY, whole.digest());
            }
            for (int i = 0; i < 50; i++) {
                client.pushMonolithic(REPOSITORY, data.next(sizes.smallBlob()));
            }
        }
        progress.accept("warmed up");
    }

    /** One push on a new connection; records MB/s and registry CPU per GiB under the two metrics (null: don't). */
    private Window push(Metric rate, Metric cpu, long bytes, Consumer<RegistryClient> work) {
        try (RegistryClient client = new RegistryClient(server.port(), data)) {
            Window w = Window.time(server.pid(), () -> work.accept(client));
            String name = rate == null ? "push " + Units.size(bytes) : rate.label(sizes);
            record(name, w);
            if (rate != null) {
                values.put(rate, Units.megabytesPerSecond(bytes, w.seconds()));
                values.put(cpu, w.registryCpu() / ((double) bytes / Units.GIB));
            }
            progress.accept(String.format("%s: %.0f MB/s, registry CPU %.2f s", name,
                    Units.megabytesPerSecond(bytes, w.seconds()), w.registryCpu()));
            return w;
        }
    }

    private void pull(Blob blob) {
        try (RegistryClient client = new RegistryClient(server.port(), data)) {
            long[] received = new long[1];
            Window w = Window.time(server.pid(), () -> received[0] = client.pull(REPOSITORY, blob.digest()));
            if (received[0] != blob.size()) {
                throw new IllegalStateException("pulled " + received[0] + " bytes of " + blob.size());
            }
            values.put(Metric.PULL, Units.megabytesPerSecond(blob.size(), w.seconds()));
            record(Metric.PULL.label(sizes), w);
            progress.accept(String.format("pull: %.0f MB/s", values.get(Metric.PULL)));
        }
    }

    private void parallelPushes() {
        List<List<Blob>> perClient = new ArrayList<>();
        for (int i = 0; i < sizes.pushers(); i++) {
            List<Blob> blobs = new ArrayList<>();
            for (int j = 0; j < sizes.blobsPerPusher(); j++) {
                blobs.add(data.next(sizes.pusherBlob()));
            }
            perClient.add(blobs);
        }
        long bytes = (long) sizes.pushers() * sizes.blobsPerPusher() * sizes.pusherBlob();
        ExecutorService threads = Executors.newFixedThreadPool(sizes.pushers());
        try {
            Window w = Window.time(server.pid(), () -> {
                List<Future<?>> done = new ArrayList<>();
                for (List<Blob> blobs : perClient) {
                    done.add(threads.submit(() -> {
                        try (RegistryClient client = new RegistryClient(server.port(), data)) {
                            blobs.forEach(b -> client.pushMonolithic(REPOSITORY, b));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            });
            values.put(Metric.PUSH_PARALLEL, Units.megabytesPerSecond(bytes, w.seconds()));
            values.put(Metric.PUSH_PARALLEL_CPU, w.registryCpu() / ((double) bytes / Units.GIB));
            record(Metric.PUSH_PARALLEL.label(sizes), w);
            progress.accept(String.format("parallel pushes: %.0f MB/s", values.get(Metric.PUSH_PARALLEL)));
        } finally {
            threads.shutdownNow();
        }
    }

    private void manifests() {
        byte[] manifest;
        try (RegistryClient client = new RegistryClient(server.port(), data)) {
            manifest = Manifests.pushImage(client, data, REPOSITORY, "latest", 4 * Units.KIB);
        }
        for (String method : List.of("GET", "HEAD")) {
            boolean head = method.equals("HEAD");
            LoadRate.Result r = LoadRate.run(server.pid(), sizes.manifestClients(), sizes.warmup(), sizes.measure(),
                    () -> new LoadRate.Client() {
                        private final HttpConnection connection = new HttpConnection(server.port());
                        private final byte[] request = Manifests.request(method, connection, REPOSITORY, "latest");

                        @Override
                        public void call() {
                            Response response = connection.exchange(request, null, head, false);
                            if (response.status() != 200 || (!head && response.bodyLength() != manifest.length)) {
                                throw new IllegalStateException(method + " manifest answered " + response.status());
                            }
                        }

                        @Override
                        public void close() {
                            connection.close();
                        }
                    });
            Metric rate = head ? Metric.MANIFEST_HEAD : Metric.MANIFEST_GET;
            values.put(rate, r.perSecond());
            values.put(head ? Metric.MANIFEST_HEAD_P99 : Metric.MANIFEST_GET_P99, r.p99Millis());
            record(rate.label(sizes), r.window());
            progress.accept(String.format("manifest %s: %.0f req/s, p99 %.2f ms", method, r.perSecond(),
                    r.p99Millis()));
        }
    }

    private void smallPushes() {
        LoadRate.Result r = LoadRate.run(server.pid(), sizes.smallPushers(), sizes.warmup(), sizes.measure(),
                () -> new LoadRate.Client() {
                    private final RegistryClient client = new RegistryClient(server.port(), data);

                    @Override
                    public void call() {
                        client.pushMonolithic(REPOSITORY, data.next(sizes.smallBlob()));
                    }

                    @Override
                    public void close() {
                        client.close();
                    }
                });
        values.put(Metric.SMALL_PUSHES, r.perSecond());
        record(Metric.SMALL_PUSHES.label(sizes), r.window());
        progress.accept(String.format("small pushes: %.0f /s", r.perSecond()));
    }

    private void record(String scenario, Window w) {
        clientCores.put(scenario, w.clientCores());
    }
}
