package dev.berth.conformance;

import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Berth's management API ({@code /api/v1/}) against images this test pushes, on whichever storage
 * the suite runs (Maven runs it on the filesystem and on S3). The registry may hold other tests'
 * repositories, so repository-level checks look at this test's own, and the store's totals are
 * checked against the blobs actually in storage and the repositories' own sizes.
 */
class ManagementApiTest extends RegistryTest {

    /** A blob object of the global store, under the storage root or key prefix. */
    private static final Pattern BLOB = Pattern.compile("(^|.*/)blobs/[a-z0-9]+/[0-9a-f]{2}/[0-9a-f]+");

    private String a;
    private String b;
    private Descriptor shared;
    private Image imageA;
    private Image imageB;

    @BeforeEach
    void pushImagesSharingALayer() {
        a = repo + "/a";
        b = repo + "/b";
        byte[] sharedBytes = Data.random(4096);
        shared = new Descriptor(MediaTypes.OCI_LAYER_GZIP, registry.pushBlob(a, sharedBytes), sharedBytes.length);
        registry.pushBlob(b, sharedBytes);
        imageA = push(a, "v1", "amd64", shared, registry.pushRandomBlob(a, MediaTypes.OCI_LAYER_GZIP, 1500));
        imageB = push(b, "v1", "arm64", shared, registry.pushRandomBlob(b, MediaTypes.OCI_LAYER_GZIP, 777));
    }

    @Test
    void imagesHaveTheSizeOfTheirLayersAndSharedLayersNameBothRepositories() {
        JsonNode images = json("/api/v1/repositories/" + a + "/images").path("imageDetails");
        assertThat(images.size()).isEqualTo(1);
        JsonNode image = images.get(0);
        assertThat(image.path("imageDigest").asText()).isEqualTo(imageA.digest());
        assertThat(image.path("imageSizeInBytes").asLong()).isEqualTo(layerBytes(imageA));
        assertThat(texts(image.path("imageTags"), null)).containsExactly("v1");
        assertThat(image.path("config").path("architecture").asText()).isEqualTo("amd64");
        assertThat(image.path("imagePushedAt").asText()).isNotEmpty();

        JsonNode detailA = json("/api/v1/repositories/" + a + "/images/v1");
        assertThat(texts(detailA.path("layers"), "digest")).containsExactlyElementsOf(digests(imageA.layers()));
        assertThat(texts(detailA.path("layers").get(0).path("sharedWith"), null))
                .containsExactly(b);
        assertThat(texts(detailA.path("layers").get(1).path("sharedWith"), null))
                .isEmpty();
        JsonNode detailB = json("/api/v1/repositories/" + b + "/images/" + imageB.digest());
        assertThat(texts(detailB.path("layers").get(0).path("sharedWith"), null))
                .containsExactly(a);

        Map<String, JsonNode> repositories = ownRepositories();
        assertThat(repositories).containsOnlyKeys(a, b);
        assertThat(repositories.get(a).path("imageCount").asInt()).isEqualTo(1);
        assertThat(repositories.get(a).path("storedSizeInBytes").asLong()).isEqualTo(storedBytes(imageA));
        assertThat(repositories.get(b).path("storedSizeInBytes").asLong()).isEqualTo(storedBytes(imageB));
        assertThat(repositories.get(a).path("lastPushedAt").asText()).isNotEmpty();
    }

    @Test
    void anIndexListsItsPlatformsAndAnImageItsReferrers() {
        Image arm = push(a, null, "arm64", shared);
        byte[] index = Manifests.ociIndex(List.of(imageA.descriptor(), arm.descriptor()))
                .build();
        String indexDigest = registry.pushManifest(a, "multi", MediaTypes.OCI_INDEX, index);
        ReferrersTest.Referrer signature = ReferrersTest.pushSignature(registry, a, imageA.descriptor());

        JsonNode listed = byDigest(json("/api/v1/repositories/" + a + "/images").path("imageDetails"))
                .get(indexDigest);
        assertThat(texts(listed.path("platforms"), "architecture")).containsExactly("amd64", "arm64");
        assertThat(texts(listed.path("platforms"), "imageDigest")).containsExactly(imageA.digest(), arm.digest());
        assertThat(listed.path("imageSizeInBytes").asLong())
                .as("the distinct layers of its images")
                .isEqualTo(layerBytes(imageA));

        JsonNode detail = json("/api/v1/repositories/" + a + "/images/v1");
        assertThat(texts(detail.path("referrers"), "imageDigest")).containsExactly(signature.digest());
        assertThat(detail.path("referrers").get(0).path("artifactType").asText())
                .isEqualTo(ReferrersTest.SIGNATURE);
    }

    @Test
    void pagesThroughImagesWithNextToken() {
        List<String> pushed = new ArrayList<>(List.of(imageA.digest()));
        for (int i = 0; i < 3; i++) {
            pushed.add(push(a, "t" + i, "amd64", registry.pushRandomBlob(a, MediaTypes.OCI_LAYER_GZIP, 100))
                    .digest());
        }
        List<String> seen = new ArrayList<>();
        String url = "/api/v1/repositories/" + a + "/images?maxResults=3";
        int pages = 0;
        while (url != null) {
            JsonNode page = json(url);
            seen.addAll(texts(page.path("imageDetails"), "imageDigest"));
            url = page.hasNonNull("nextToken")
                    ? "/api/v1/repositories/" + a + "/images?maxResults=3&nextToken="
                            + page.get("nextToken").asText()
                    : null;
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactlyElementsOf(pushed.stream().sorted().toList());
    }

    @Test
    void deletesSeveralImagesAndReportsWhatFailed() {
        Image second = push(a, "v2", "amd64", shared);
        byte[] body = ("{\"imageIds\":[{\"imageTag\":\"v1\"},{\"imageDigest\":\"" + second.digest() + "\"},"
                        + "{\"imageTag\":\"absent\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        Response r = status(
                registry.request("POST", "/api/v1/repositories/" + a + "/batch-delete-image")
                        .header("Content-Type", "application/json")
                        .body(body)
                        .send(),
                200);

        JsonNode answer = r.json();
        assertThat(texts(answer.path("imageIds"), "imageDigest"))
                .as("in\n%s", r)
                .containsExactly(imageA.digest(), second.digest());
        assertThat(texts(answer.path("failures"), "failureCode")).containsExactly("ImageNotFound");
        assertThat(answer.path("failures")
                        .get(0)
                        .path("imageId")
                        .path("imageTag")
                        .asText())
                .isEqualTo("absent");
        status(registry.get("/v2/" + a + "/manifests/v1"), 404);
        status(registry.get("/v2/" + a + "/manifests/" + second.digest()), 404);
        assertThat(texts(json("/api/v1/repositories/" + a + "/images").path("imageDetails"), "imageDigest"))
                .as("the untagged revision stays, as after DELETE of a tag")
                .containsExactly(imageA.digest());
    }

    @Test
    void storeTotalsMatchTheBlobsInStorageAndTheRepositories() {
        assumeTrue(registry.localStorage().isPresent(), "needs the in-process server's storage");
        long onDisk = registry.localStorage().get().snapshot().entrySet().stream()
                .filter(e -> BLOB.matcher(e.getKey()).matches() && e.getValue() >= 0)
                .mapToLong(Map.Entry::getValue)
                .sum();
        JsonNode totals = json("/api/v1/store");

        assertThat(totals.path("storedBytes").asLong())
                .as("blobs in %s", registry.localStorage().get())
                .isEqualTo(onDisk);
        long logical = 0;
        for (JsonNode repository : allRepositories().values()) {
            logical += repository.path("storedSizeInBytes").asLong();
        }
        assertThat(totals.path("logicalBytes").asLong()).isEqualTo(logical);
        assertThat(totals.path("dedupSavedBytes").asLong())
                .isEqualTo(logical - totals.path("referencedBytes").asLong())
                .isGreaterThanOrEqualTo(shared.size());
        assertThat(totals.path("unreferencedBytes").asLong())
                .isEqualTo(onDisk - totals.path("referencedBytes").asLong())
                .isNotNegative();
    }

    @Test
    void aRepositoryUnderAQuotaShowsWhatItUses(TestInfo test) {
        RepositoryRulesUnderTest.assumeConfigured(registry);
        String limited = RepositoryRulesUnderTest.quotaRepository(test, "usage");
        Image image = push(limited, "v1", "amd64", registry.pushRandomBlob(limited, MediaTypes.OCI_LAYER_GZIP, 2000));

        Map<String, JsonNode> repositories = allRepositories();
        JsonNode quotas = repositories.get(limited).path("quotas");
        assertThat(quotas).as("%s", repositories.get(limited)).hasSize(1);
        assertThat(quotas.get(0).path("repositories").asText()).isEqualTo(RepositoryRulesUnderTest.QUOTA_REPOSITORIES);
        assertThat(quotas.get(0).path("limitInBytes").asLong()).isEqualTo(RepositoryRulesUnderTest.QUOTA);
        // A quota counts the configs and layers the repository's manifests reference.
        assertThat(quotas.get(0).path("usedInBytes").asLong())
                .isEqualTo(image.config().size() + layerBytes(image));
        assertThat(repositories.get(a).has("quotas"))
                .as("no quota governs %s", a)
                .isFalse();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private Image push(String repository, String tag, String architecture, Descriptor... layers) {
        byte[] configBytes = Data.config("linux", architecture);
        Descriptor config =
                new Descriptor(MediaTypes.OCI_CONFIG, registry.pushBlob(repository, configBytes), configBytes.length);
        byte[] manifest = Manifests.ociManifest(config, List.of(layers)).build();
        String digest = registry.pushManifest(
                repository, tag == null ? Digests.sha256(manifest) : tag, MediaTypes.OCI_MANIFEST, manifest);
        return new Image(repository, tag, config, configBytes, List.of(layers), List.of(), manifest, digest);
    }

    private static long layerBytes(Image image) {
        return image.layers().stream().mapToLong(Descriptor::size).sum();
    }

    /** What a repository holding only this image stores: manifest, config and layers. */
    private static long storedBytes(Image image) {
        return image.manifest().length + image.config().size() + layerBytes(image);
    }

    private static List<String> digests(List<Descriptor> descriptors) {
        return descriptors.stream().map(Descriptor::digest).toList();
    }

    private Map<String, JsonNode> ownRepositories() {
        Map<String, JsonNode> own = new LinkedHashMap<>();
        allRepositories().forEach((name, node) -> {
            if (name.startsWith(repo + "/")) {
                own.put(name, node);
            }
        });
        return own;
    }

    private Map<String, JsonNode> allRepositories() {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        String token = null;
        for (int pages = 0; pages == 0 || token != null; pages++) {
            assertThat(pages).as("repository pages").isLessThan(1000);
            JsonNode page = json("/api/v1/repositories?maxResults=1000" + (token == null ? "" : "&nextToken=" + token));
            page.path("repositories")
                    .forEach(r -> all.put(r.path("repositoryName").asText(), r));
            token = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
        }
        return all;
    }

    private JsonNode json(String path) {
        Response r = status(registry.get(path), 200);
        assertThat(r.header("Content-Type")).as("in\n%s", r).contains("application/json");
        return r.json();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(
                node -> out.add(field == null ? node.asText() : node.path(field).asText()));
        return out;
    }

    private static Map<String, JsonNode> byDigest(JsonNode images) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        images.forEach(node -> out.put(node.path("imageDigest").asText(), node));
        return out;
    }
}
