package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.registry.RegistryServer;
import dev.berth.registry.Storages;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.content.Registry;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.MediaTypes;
import dev.berth.storage.Storage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection runs back to back for a minute against a live server while four clients push
 * images that share base layers (HEAD-then-skip, cross-repository mounts, fresh top layers, indexes
 * and signatures), delete tags, and push again images whose tags they deleted moments before, so
 * that the collector is pruning and sweeping exactly what they reuse. The grace period is two
 * seconds and the prune age one, so these races really happen. Afterwards every tag the clients
 * believe in must pull back whole, each blob with the right digest.
 *
 * <p>The collector works through its own storage handle, as {@code berth gc} in another process
 * would. Subclasses choose the storage: {@link #storage} sets the server's, and
 * {@link #openCollectorStorage} opens the second handle when {@link Storages} cannot.
 */
@Tag("slow")
abstract class OnlineGcStressTest {
    static final Duration GC_FOR = Duration.ofSeconds(Long.getLong("berth.stress.seconds", 60));
    static final Duration GRACE = Duration.ofSeconds(2);
    static final Duration PRUNE_AGE = Duration.ofSeconds(1);
    static final int CLIENTS = 4;
    static final int REPOSITORIES = 5;
    static final int BASE_LAYERS = 8;
    static final int TAGS_PER_CLIENT = 6;
    static final int MAX_ATTEMPTS = 20;
    static final String ACCEPT = MediaTypes.OCI_MANIFEST + ", " + MediaTypes.OCI_INDEX;

    @TempDir
    Path scratch;

    /** {@code config} with the storage under test set. */
    protected abstract ConfigLoader storage(ConfigLoader config, Path scratch);

    /** A second handle on the server's store for the collector. */
    protected Storage openCollectorStorage(RegistryConfig config) {
        return Storages.open(config);
    }

    /** How many servers share the store; each request goes to one of them at random. */
    protected int servers() {
        return 1;
    }

    /**
     * False: the test runs the collector back to back itself, the servers collect nothing. True:
     * every server runs its own scheduled collection and idle-upload purge every second, and
     * clients also leave uploads unfinished for the purge to remove.
     */
    protected boolean scheduled() {
        return false;
    }

    /** A blob a client pushes: its bytes and digest. */
    record Blob(Digest digest, byte[] bytes) {
        static Blob of(byte[] bytes) {
            return new Blob(Digest.of(DigestAlgorithm.SHA256, bytes), bytes);
        }
    }

    /**
     * A manifest and everything it needs: its blobs, the child manifests of an index (pushed
     * first, by digest) and referrers pushed after it.
     */
    record Image(Blob manifest, String mediaType, List<Blob> blobs, List<Image> children, List<Image> referrers) {
        Digest digest() {
            return manifest.digest();
        }
    }

    // Figures printed at the end.
    final LongAdder pushes = new LongAdder();
    final LongAdder rePushes = new LongAdder();
    final LongAdder indexPushes = new LongAdder();
    final LongAdder signatures = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder uploads = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder mounts = new LongAdder();
    final LongAdder mountsRefused = new LongAdder();
    final LongAdder tagDeletes = new LongAdder();
    final ConcurrentMap<String, LongAdder> retryReasons = new ConcurrentHashMap<>();
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean stop = new AtomicBoolean();

    final List<Blob> baseLayers = new ArrayList<>();
    /** A repository where each blob was last pushed successfully, for mounts. */
    final ConcurrentMap<Digest, String> seenIn = new ConcurrentHashMap<>();

    final List<String> bases = new ArrayList<>();
    /** Upload URLs that clients left unfinished. */
    final List<String> abandoned = Collections.synchronizedList(new ArrayList<>());

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void imagesPushedWhileGarbageIsCollectedPullBackComplete() throws Exception {
        ConfigLoader keys = storage(new ConfigLoader().set(ConfigKey.LISTEN, "127.0.0.1:0"), scratch)
                .set(ConfigKey.GC_INTERVAL, "0")
                .set(ConfigKey.GC_GRACE, GRACE.toSeconds() + "s")
                .set(ConfigKey.GC_PRUNE_UNTAGGED, "true")
                .set(ConfigKey.GC_PRUNE_AGE, PRUNE_AGE.toSeconds() + "s");
        RegistryConfig config = (scheduled() ? scheduledConfig(keys) : keys).load();
        Random seeds = new Random(7);
        for (int i = 0; i < BASE_LAYERS; i++) {
            baseLayers.add(Blob.of(randomBytes(seeds, 32 * 1024 + seeds.nextInt(256 * 1024))));
        }

        List<RegistryServer> servers = new ArrayList<>();
        ScheduledRuns scheduledRuns = new ScheduledRuns();
        try (Storage collectorStorage = openCollectorStorage(config)) {
            for (int i = 0; i < servers(); i++) {
                RegistryServer server = RegistryServer.start(config);
                servers.add(server);
                bases.add("http://127.0.0.1:" + server.port());
            }
            GarbageCollector collector = new GarbageCollector(
                    new Registry(collectorStorage, Clock.systemUTC(), GRACE),
                    Clock.systemUTC(),
                    Duration.ofMillis(100));
            GcOptions options = GcOptions.of(config);
            assertThat(options.pruneUntagged()).isTrue();

            List<Client> clients = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Client c = new Client(i, new Random(100 + i));
                clients.add(c);
                Thread t = new Thread(c, "stress-client-" + i);
                threads.add(t);
                t.start();
            }

            long runs = 0;
            long pruned = 0;
            long swept = 0;
            long reclaimed = 0;
            List<String> gcFailures = new ArrayList<>();
            long deadline = System.nanoTime() + GC_FOR.toNanos();
            while (scheduled() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            while (System.nanoTime() < deadline) {
                try {
                    GcReport report = collector.run(options);
                    runs++;
                    pruned += report.manifestsPruned();
                    swept += report.blobsSwept();
                    reclaimed += report.bytesReclaimed();
                } catch (RuntimeException e) {
                    gcFailures.add(e.toString());
                }
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(2));
            }

            // Once every claim has expired, a last run must still keep everything a tag reaches
            // (with scheduled collection: the servers' own runs meanwhile, and the idle-upload purge).
            Thread.sleep(GRACE.plus(PRUNE_AGE)
                    .plus(scheduled() ? SCHEDULED_PURGE_AGE : Duration.ZERO)
                    .plusSeconds(scheduled() ? 3 : 1)
                    .toMillis());
            Object last = scheduled() ? scheduledRuns : collector.run(options);
            if (scheduled()) {
                runs = scheduledRuns.completed();
                pruned = scheduledRuns.total(1);
                swept = scheduledRuns.total(2);
            }
            List<String> unpurged = stillOpen(abandoned);

            Verification verification = new Verification();
            int tags = 0;
            for (Client c : clients) {
                for (Map.Entry<String, Image> e : c.believed.entrySet()) {
                    String[] repoTag = e.getKey().split(":");
                    verification.tag(repoTag[0], repoTag[1], e.getValue());
                    tags++;
                }
            }

            System.out.printf(
                    """
                    online GC stress (%s, %d s, grace %s, prune age %s):
                      clients: %d pushes (%d re-pushes of deleted images, %d indexes, %d signatures), %d tag deletions
                      blobs: %d uploaded, %d skipped after HEAD, %d mounted, %d mounts refused (uploaded instead)
                      retries from the start: %d %s
                      gc: %d runs, %d manifests pruned, %d blobs swept, %s reclaimed, %d failures %s
                      last run after the clients stopped: %s
                      verified: %d tags, %d manifests, %d blobs; missing %d, digest mismatches %d
                    """,
                    getClass().getSimpleName(),
                    GC_FOR.toSeconds(),
                    GRACE,
                    PRUNE_AGE,
                    pushes.sum(),
                    rePushes.sum(),
                    indexPushes.sum(),
                    signatures.sum(),
                    tagDeletes.sum(),
                    uploads.sum(),
                    skipped.sum(),
                    mounts.sum(),
                    mountsRefused.sum(),
                    retries.sum(),
                    retryReasons,
                    runs,
                    pruned,
                    swept,
                    Units.bytes(reclaimed),
                    gcFailures.size(),
                    gcFailures.isEmpty() ? "" : gcFailures.subList(0, Math.min(3, gcFailures.size())),
                    last,
                    tags,
                    verification.manifests,
                    verification.blobs,
                    verification.missing.size(),
                    verification.mismatches.size());

            assertThat(failures)
                    .as("client failures other than retryable refusals")
                    .isEmpty();
            assertThat(unpurged)
                    .as("abandoned uploads the purge left (of %d)", abandoned.size())
                    .isEmpty();
            assertThat(abandoned.isEmpty()).as("uploads left for the purge").isEqualTo(!scheduled());
            assertThat(gcFailures).isEmpty();
            assertThat(verification.missing).isEmpty();
            assertThat(verification.mismatches).isEmpty();
            assertThat(tags).isPositive();
            assertThat(runs).as("collector runs").isGreaterThanOrEqualTo(10);
            assertThat(pruned).as("the collector pruned while clients pushed").isPositive();
            assertThat(swept).as("the collector swept while clients pushed").isPositive();
            assertThat(rePushes.sum()).isPositive();
            assertThat(mounts.sum()).isPositive();
            assertThat(skipped.sum()).isPositive();
        } finally {
            scheduledRuns.close();
            servers.forEach(RegistryServer::close);
        }
    }

    static final Duration SCHEDULE = Duration.ofSeconds(1);
    static final Duration SCHEDULED_PURGE_AGE = Duration.ofSeconds(5);

    /** Every server collects and purges every second. */
    private static ConfigLoader scheduledConfig(ConfigLoader config) {
        return config.set(ConfigKey.GC_INTERVAL, SCHEDULE.toSeconds() + "s")
                .set(ConfigKey.UPLOADS_PURGE_AGE, SCHEDULED_PURGE_AGE.toSeconds() + "s")
                .set(ConfigKey.UPLOADS_PURGE_INTERVAL, SCHEDULE.toSeconds() + "s");
    }

    /** Upload URLs that still answer their status. */
    private List<String> stillOpen(List<String> uploadUrls) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> open = new ArrayList<>();
        for (String url : List.copyOf(uploadUrls)) {
            HttpResponse<byte[]> r = send(http, "GET", url, null, null);
            if (r.statusCode() != 404) {
                open.add(url + " " + r.statusCode());
            }
        }
        return open;
    }

    /** Counts the scheduled collections of every server from their log lines. */
    static final class ScheduledRuns implements AutoCloseable {
        private static final Pattern REPORT = Pattern.compile("pruned (\\d+) manifests, swept (\\d+) blobs");
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final Logger logger = (Logger) LoggerFactory.getLogger(GcSchedule.class);

        ScheduledRuns() {
            appender.start();
            logger.addAppender(appender);
        }

        long completed() {
            return messages().stream()
                    .filter(m -> m.startsWith("garbage collected"))
                    .count();
        }

        /** The sum over every completed run's report of group 1 (manifests pruned) or 2 (blobs swept). */
        long total(int group) {
            long sum = 0;
            for (String m : messages()) {
                Matcher matcher = REPORT.matcher(m);
                if (matcher.find()) {
                    sum += Long.parseLong(matcher.group(group));
                }
            }
            return sum;
        }

        long skipped() {
            return messages().stream()
                    .filter(m -> m.startsWith("garbage collection skipped"))
                    .count();
        }

        private List<String> messages() {
            synchronized (appender.list) {
                return appender.list.stream()
                        .map(ILoggingEvent::getFormattedMessage)
                        .toList();
            }
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }

        @Override
        public String toString() {
            return "scheduled runs on the servers: " + completed() + " completed, " + skipped() + " skipped";
        }
    }

    static byte[] randomBytes(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    /** A response a real client would answer by starting its push over. */
    static final class Refused extends Exception {
        final String reason;

        Refused(String reason, String detail) {
            super(reason + ": " + detail, null, false, false);
            this.reason = reason;
        }
    }

    /** One pushing client: owns its tags, believes the last successful push of each. */
    final class Client implements Runnable {
        final int id;
        final Random random;
        final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        /** repository:tag to the image pushed there last. */
        final Map<String, Image> believed = new LinkedHashMap<>();

        final Deque<Map.Entry<String, Image>> deleted = new ArrayDeque<>();
        int serial;

        Client(int id, Random random) {
            this.id = id;
            this.random = random;
        }

        @Override
        public void run() {
            if (scheduled()) {
                try {
                    abandonUpload();
                } catch (Exception e) {
                    failures.add("client " + id + ": " + e);
                }
            }
            while (!stop.get()) {
                try {
                    step();
                } catch (Exception e) {
                    failures.add("client " + id + ": " + e);
                    if (e instanceof InterruptedException) {
                        return;
                    }
                }
            }
        }

        private void step() throws Exception {
            int dice = random.nextInt(100);
            if (scheduled() && dice < 3) {
                abandonUpload();
            } else if (dice < 35) {
                push(randomRepository() + ":" + randomTag(), newImage(), false);
            } else if (dice < 45) {
                push(randomRepository() + ":" + randomTag(), newIndex(), false);
                indexPushes.increment();
            } else if (dice < 70 && !believed.isEmpty()) {
                deleteTag();
            } else if (!deleted.isEmpty()) {
                // Push again what was deleted a moment ago: its blobs are now being pruned and swept.
                Map.Entry<String, Image> again = random.nextBoolean() ? deleted.pollLast() : deleted.pollFirst();
                Thread.sleep(random.nextInt(1500));
                push(again.getKey(), again.getValue(), true);
            } else {
                push(randomRepository() + ":" + randomTag(), newImage(), false);
            }
        }

        /** Starts an upload, sends one chunk and walks away, as a killed client would. */
        private void abandonUpload() throws Exception {
            HttpResponse<byte[]> start = send("POST", "/v2/" + randomRepository() + "/blobs/uploads/", null, null);
            expect(start, 202, "POST upload");
            String location = start.headers().firstValue("Location").orElseThrow();
            HttpResponse<byte[]> chunk = send("PATCH", location, randomBytes(random, 4096), "application/octet-stream");
            expect(chunk, 202, "PATCH upload");
            abandoned.add(chunk.headers().firstValue("Location").orElse(location));
        }

        private String randomRepository() {
            return "stress/app" + random.nextInt(REPOSITORIES);
        }

        private String randomTag() {
            return "c" + id + "-t" + random.nextInt(TAGS_PER_CLIENT);
        }

        private Image newImage() {
            List<Blob> blobs = new ArrayList<>();
            serial++;
            blobs.add(Blob.of(("{\"architecture\":\"amd64\",\"client\":" + id + ",\"serial\":" + serial + "}")
                    .getBytes(StandardCharsets.UTF_8)));
            List<Blob> shuffled = new ArrayList<>(baseLayers);
            Collections.shuffle(shuffled, random);
            blobs.addAll(shuffled.subList(0, 1 + random.nextInt(3)));
            blobs.add(Blob.of(randomBytes(random, 1024 + random.nextInt(64 * 1024))));
            List<Image> referrers = new ArrayList<>();
            Image image = new Image(manifest(blobs, null), MediaTypes.OCI_MANIFEST, blobs, List.of(), referrers);
            if (random.nextInt(3) == 0) {
                List<Blob> sig = List.of(
                        Blob.of("{}".getBytes(StandardCharsets.UTF_8)),
                        Blob.of(("signature of " + image.digest() + " by client " + id)
                                .getBytes(StandardCharsets.UTF_8)));
                referrers.add(new Image(manifest(sig, image), MediaTypes.OCI_MANIFEST, sig, List.of(), List.of()));
            }
            return image;
        }

        private Image newIndex() {
            List<Image> children = List.of(newImage(), newImage());
            StringBuilder json = new StringBuilder(
                    "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[");
            for (int i = 0; i < children.size(); i++) {
                json.append(i > 0 ? "," : "")
                        .append(descriptor(
                                MediaTypes.OCI_MANIFEST, children.get(i).manifest()));
            }
            json.append("]}");
            return new Image(
                    Blob.of(json.toString().getBytes(StandardCharsets.UTF_8)),
                    MediaTypes.OCI_INDEX,
                    List.of(),
                    children,
                    List.of());
        }

        /** An image manifest over {@code blobs} (config first); a signature when {@code subject} is set. */
        private Blob manifest(List<Blob> blobs, Image subject) {
            String configType =
                    subject == null ? "application/vnd.oci.image.config.v1+json" : "application/vnd.oci.empty.v1+json";
            StringBuilder json =
                    new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",");
            if (subject != null) {
                json.append("\"artifactType\":\"application/vnd.example.signature\",");
            }
            json.append("\"config\":")
                    .append(descriptor(configType, blobs.get(0)))
                    .append(",\"layers\":[");
            for (int i = 1; i < blobs.size(); i++) {
                json.append(i > 1 ? "," : "")
                        .append(descriptor("application/vnd.oci.image.layer.v1.tar", blobs.get(i)));
            }
            json.append("]");
            if (subject != null) {
                json.append(",\"subject\":").append(descriptor(MediaTypes.OCI_MANIFEST, subject.manifest()));
            }
            return Blob.of(json.append("}").toString().getBytes(StandardCharsets.UTF_8));
        }

        private String descriptor(String mediaType, Blob blob) {
            return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + blob.digest() + "\",\"size\":"
                    + blob.bytes().length + "}";
        }

        private void deleteTag() throws Exception {
            List<String> keys = new ArrayList<>(believed.keySet());
            String key = keys.get(random.nextInt(keys.size()));
            String[] repoTag = key.split(":");
            HttpResponse<byte[]> r = send("DELETE", "/v2/" + repoTag[0] + "/manifests/" + repoTag[1], null, null);
            if (r.statusCode() != 202) {
                failures.add("client " + id + ": DELETE " + key + " answered " + r.statusCode());
                return;
            }
            deleted.addLast(Map.entry(key, believed.remove(key)));
            while (deleted.size() > 8) {
                deleted.pollFirst();
            }
            tagDeletes.increment();
        }

        /** Pushes {@code image} to {@code key}, starting over when the registry refuses, as a client would. */
        private void push(String key, Image image, boolean again) throws Exception {
            String[] repoTag = key.split(":");
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                try {
                    pushManifest(repoTag[0], repoTag[1], image);
                    believed.put(key, image);
                    pushes.increment();
                    if (again) {
                        rePushes.increment();
                    }
                    return;
                } catch (Refused e) {
                    retries.increment();
                    retryReasons.computeIfAbsent(e.reason, k -> new LongAdder()).increment();
                    Thread.sleep(50 + random.nextInt(200));
                }
            }
            failures.add("client " + id + ": push of " + key + " refused " + MAX_ATTEMPTS + " times");
        }

        private void pushManifest(String repository, String tag, Image image) throws Exception {
            for (Image child : image.children()) {
                pushManifest(repository, null, child);
            }
            for (Blob blob : image.blobs()) {
                ensureBlob(repository, blob);
            }
            String reference = tag == null ? image.digest().toString() : tag;
            HttpResponse<byte[]> r = send(
                    "PUT",
                    "/v2/" + repository + "/manifests/" + reference,
                    image.manifest().bytes(),
                    image.mediaType());
            expect(r, 201, "PUT manifest");
            for (Image referrer : image.referrers()) {
                pushManifest(repository, null, referrer);
                signatures.increment();
            }
        }

        /** HEAD-then-skip, else a mount from where the blob was seen, else an upload. */
        private void ensureBlob(String repository, Blob blob) throws Exception {
            String blobPath = "/v2/" + repository + "/blobs/" + blob.digest();
            HttpResponse<byte[]> head = send("HEAD", blobPath, null, null);
            if (head.statusCode() == 200) {
                skipped.increment();
                seenIn.put(blob.digest(), repository);
                return;
            }
            expect(head, 404, "HEAD blob");
            String location = null;
            String from = seenIn.get(blob.digest());
            if (from != null && !from.equals(repository)) {
                HttpResponse<byte[]> mount = send(
                        "POST",
                        "/v2/" + repository + "/blobs/uploads/?mount=" + blob.digest() + "&from=" + from,
                        null,
                        null);
                if (mount.statusCode() == 201) {
                    mounts.increment();
                    seenIn.put(blob.digest(), repository);
                    return;
                }
                expect(mount, 202, "POST mount");
                mountsRefused.increment();
                location = mount.headers().firstValue("Location").orElseThrow();
            }
            if (location == null && random.nextBoolean()) {
                HttpResponse<byte[]> whole = send(
                        "POST",
                        "/v2/" + repository + "/blobs/uploads/?digest=" + blob.digest(),
                        blob.bytes(),
                        "application/octet-stream");
                expect(whole, 201, "POST whole blob");
            } else {
                if (location == null) {
                    HttpResponse<byte[]> start = send("POST", "/v2/" + repository + "/blobs/uploads/", null, null);
                    expect(start, 202, "POST upload");
                    location = start.headers().firstValue("Location").orElseThrow();
                }
                String finish = location + (location.contains("?") ? "&" : "?") + "digest=" + blob.digest();
                HttpResponse<byte[]> put = send("PUT", finish, blob.bytes(), "application/octet-stream");
                expect(put, 201, "PUT upload");
            }
            uploads.increment();
            seenIn.put(blob.digest(), repository);
        }

        private void expect(HttpResponse<byte[]> r, int status, String what) throws Refused {
            if (r.statusCode() == status) {
                return;
            }
            String body = new String(r.body(), StandardCharsets.UTF_8);
            if ((r.statusCode() >= 400 && r.statusCode() < 500) || r.statusCode() == 503) {
                throw new Refused(what + " " + r.statusCode() + " " + errorCode(body), r.uri() + " " + body);
            }
            throw new IllegalStateException(what + " answered " + r.statusCode() + " for " + r.uri() + ": " + body);
        }

        private HttpResponse<byte[]> send(String method, String path, byte[] body, String contentType)
                throws IOException, InterruptedException {
            return OnlineGcStressTest.this.send(http, method, path, body, contentType);
        }
    }

    static String errorCode(String body) {
        try {
            JsonNode code = Json.MAPPER.readTree(body).path("errors").path(0).path("code");
            return code.isMissingNode() ? "" : code.asText();
        } catch (IOException e) {
            return "";
        }
    }

    HttpResponse<byte[]> send(HttpClient http, String method, String path, byte[] body, String contentType)
            throws IOException, InterruptedException {
        String base = bases.get(ThreadLocalRandom.current().nextInt(bases.size()));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (method.equals("GET") || method.equals("HEAD")) {
            b.header("Accept", ACCEPT);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Pulls tags back and checks every byte. */
    final class Verification {
        final HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final List<String> missing = new ArrayList<>();
        final List<String> mismatches = new ArrayList<>();
        long manifests;
        long blobs;

        void tag(String repository, String tag, Image image) throws Exception {
            manifest(repository, tag, image);
        }

        private void manifest(String repository, String reference, Image image) throws Exception {
            String path = "/v2/" + repository + "/manifests/" + (reference == null ? image.digest() : reference);
            HttpResponse<byte[]> r = send(http, "GET", path, null, null);
            manifests++;
            if (r.statusCode() != 200) {
                missing.add(path + " " + r.statusCode());
                return;
            }
            check(path, r.body(), image.digest());
            Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
            if (!header.equals(Optional.of(image.digest().toString()))) {
                mismatches.add(path + " Docker-Content-Digest " + header);
            }
            for (Image child : image.children()) {
                manifest(repository, null, child);
            }
            for (Image referrer : image.referrers()) {
                manifest(repository, null, referrer);
            }
            for (Blob blob : image.blobs()) {
                String blobPath = "/v2/" + repository + "/blobs/" + blob.digest();
                HttpResponse<byte[]> b = send(http, "GET", blobPath, null, null);
                blobs++;
                if (b.statusCode() != 200) {
                    missing.add(blobPath + " " + b.statusCode());
                } else {
                    check(blobPath, b.body(), blob.digest());
                }
            }
        }

        private void check(String path, byte[] body, Digest expected) {
            Digest actual = Digest.of(expected.algorithm(), body);
            if (!actual.equals(expected)) {
                mismatches.add(path + " has " + actual);
            }
        }
    }
}
