package dev.berth.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Counts the S3 requests a registry makes for each of a few client operations: it runs the registry
 * on a bucket behind the {@link CountingProxy}, warms it up with one push (one-time work such as
 * Berth's conditional-write probe is not counted), then takes the counts after each operation once
 * no S3 request has arrived for half a second.
 */
final class S3Counts {
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final Duration MAX_WAIT = Duration.ofSeconds(20);

    /** Per operation (in the order run), the requests by S3 operation name. */
    record Counts(Map<String, Map<String, Long>> byOperation) {
        long total(String operation) {
            return byOperation.getOrDefault(operation, Map.of()).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private S3Counts() {}

    static List<String> operations(Sizes sizes) {
        return List.of(
                "blob push in one PUT, " + Units.size(sizes.s3Blob()),
                "blob push in " + Units.size(sizes.s3Chunk()) + " PATCHes, " + Units.size(sizes.s3Blob()),
                "manifest PUT",
                "manifest GET by tag",
                "blob GET, " + Units.size(sizes.s3Blob()));
    }

    static Counts count(Contender contender, S3Stack s3, Path dir, Sizes sizes, BlobData data,
            Consumer<String> progress) throws Exception {
        Files.createDirectories(dir);
        S3Endpoint bucket = s3.bucket(contender.name().toLowerCase(Locale.ROOT));
        List<String> names = operations(sizes);
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        try (ServerProcess server = contender.start(dir, bucket);
                RegistryClient client = new RegistryClient(server.port(), data)) {
            String repository = RegistryRun.REPOSITORY;
            client.pushMonolithic(repository, data.next(sizes.s3Chunk()));
            Blob whole = data.next(sizes.s3Blob());
            Blob chunked = data.next(sizes.s3Blob());
            byte[][] manifest = new byte[1][];
            List<Runnable> steps = new ArrayList<>(List.of(
                    () -> client.pushMonolithic(repository, whole),
                    () -> client.pushChunked(repository, chunked, sizes.s3Chunk()),
                    () -> client.putManifest(repository, "latest", Manifests.MEDIA_TYPE, manifest[0]),
                    () -> RegistryClient.expect(200, client.connection().send("GET",
                            "/v2/" + repository + "/manifests/latest", Manifests.ACCEPT, null, false), "GET manifest"),
                    () -> client.pull(repository, whole.digest())));
            s3.counter().takeCounts(QUIET, MAX_WAIT);
            for (int i = 0; i < steps.size(); i++) {
                if (i == 2) {
                    manifest[0] = Manifests.pushBlobs(client, data, repository, 4 * Units.KIB);
                    s3.counter().takeCounts(QUIET, MAX_WAIT);
                }
                steps.get(i).run();
                Map<String, Long> taken = s3.counter().takeCounts(QUIET, MAX_WAIT);
                counts.put(names.get(i), taken);
                progress.accept(names.get(i) + ": " + taken);
            }
        }
        return new Counts(counts);
    }
}
