package dev.berth.registry.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.MediaTypes;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;
import dev.berth.registry.testing.AuthFixtures.MutableClock;
import dev.berth.registry.testing.CountingStorage;
import dev.berth.registry.testing.ForwardingStorage;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Push, tag and pull records ({@link ImageRecords}) on one driver: what is recorded, when it is
 * not rewritten, how it goes with what it describes, and how stores without records read.
 */
abstract class ImageRecordsTest {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final RepositoryName repo = new RepositoryName("team/app");
    /** What was put below the repository since the test last cleared it. */
    final List<StoragePath> written = new ArrayList<>();

    CountingStorage storage;
    Registry registry;
    ImageRecords images;

    /** A new, empty store of the driver under test. */
    protected abstract Storage open();

    @BeforeEach
    void start() {
        storage = new CountingStorage(new ForwardingStorage(open()) {
            @Override
            public void put(StoragePath path, byte[] content) {
                super.put(path, content);
                if (path.startsWith(RegistryLayout.repository(repo))) {
                    written.add(path);
                }
            }
        });
        registry = new Registry(storage, clock);
        images = registry.images();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    /** Pushes an image whose manifest differs by {@code variant}, as {@code reference}, by {@code actor}. */
    Digest push(String variant, String reference, String actor) {
        pushBlobs(variant);
        return pushManifest(variant, reference, actor);
    }

    void pushBlobs(String variant) {
        blob("{}");
        blob("layer " + variant);
    }

    /** The manifest of {@link #push}, whose blobs the repository holds. */
    Digest pushManifest(String variant, String reference, String actor) {
        Digest config = Digest.of(DigestAlgorithm.SHA256, "{}".getBytes(StandardCharsets.UTF_8));
        Digest layer = Digest.of(DigestAlgorithm.SHA256, ("layer " + variant).getBytes(StandardCharsets.UTF_8));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                        + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
                        + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                        + layer + "\",\"size\":1}]}")
                .getBytes(StandardCharsets.UTF_8);
        return registry.manifests()
                .put(repo, Reference.parse(reference), manifest, null, List.of(), actor)
                .digest();
    }

    private Digest blob(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return registry.uploads().putWhole(repo, Digest.of(DigestAlgorithm.SHA256, bytes), ChunkSources.of(bytes));
    }

    List<StoragePath> records() {
        List<StoragePath> all = new ArrayList<>();
        storage.walk(RegistryLayout.records(repo), o -> all.add(o.path()));
        return all;
    }

    @Test
    void theFirstPushIsRecordedAndPushingAgainChangesNothing() {
        Digest image = push("a", "v1", "alice");
        assertThat(images.pushed(repo, image)).contains(new PushRecord(image, T0, "alice"));

        clock.advance(Duration.ofHours(3));
        Digest again = push("a", "latest", "bob");
        assertThat(again).isEqualTo(image);
        assertThat(images.pushed(repo, image)).contains(new PushRecord(image, T0, "alice"));
        assertThat(images.tag(repo, new Tag("latest")))
                .contains(
                        new TagRecord(new Tag("latest"), image, T0.plus(Duration.ofHours(3)), "bob", Optional.empty()));
        assertThat(images.tag(repo, new Tag("v1")))
                .contains(new TagRecord(new Tag("v1"), image, T0, "alice", Optional.empty()));
        assertThat(images.pushed(repo, Digest.of(DigestAlgorithm.SHA256, new byte[] {1})))
                .isEmpty();
        assertThat(images.tag(repo, new Tag("absent"))).isEmpty();
    }

    @Test
    void anonymousPushesAreRecordedWithoutAnActor() {
        Digest image = push("a", "v1", "");
        assertThat(images.pushed(repo, image)).contains(new PushRecord(image, T0, ""));
        assertThat(images.tag(repo, new Tag("v1")).map(TagRecord::movedBy)).contains("");
    }

    @Test
    void aTagMovesOnlyWhenItIsPointedElsewhere() {
        Digest first = push("a", "v1", "alice");
        clock.advance(Duration.ofMinutes(10));
        Digest second = push("b", "v1", "bob");
        Instant moved = T0.plus(Duration.ofMinutes(10));
        TagRecord expected = new TagRecord(new Tag("v1"), second, moved, "bob", Optional.of(first));
        assertThat(images.tag(repo, new Tag("v1"))).contains(expected);

        clock.advance(Duration.ofMinutes(10));
        pushBlobs("b");
        written.clear();
        pushManifest("b", "v1", "carol");
        assertThat(images.tag(repo, new Tag("v1"))).contains(expected);
        assertThat(written)
                .as("only the manifest's link and revision are written again, neither tag nor record")
                .containsExactly(RegistryLayout.link(repo, second), RegistryLayout.revision(repo, second));
        assertThat(images.pushed(repo, second)).contains(new PushRecord(second, moved, "bob"));
    }

    @Test
    void aPullIsRecordedAtMostOncePerIntervalWithoutAskingStorageMeanwhile() {
        Digest image = push("a", "v1", "alice");
        assertThat(images.lastPulled(repo, image)).isEmpty();

        images.recordPull(repo, image);
        assertThat(images.lastPulled(repo, image)).contains(T0);

        clock.advance(ImageRecords.PULL_INTERVAL.minusMinutes(1));
        storage.reset();
        images.recordPull(repo, image);
        assertThat(storage.total())
                .as("a pull within the interval costs no storage call")
                .isZero();
        assertThat(images.lastPulled(repo, image)).contains(T0);

        clock.advance(Duration.ofMinutes(1));
        images.recordPull(repo, image);
        assertThat(images.lastPulled(repo, image)).contains(T0.plus(ImageRecords.PULL_INTERVAL));
    }

    @Test
    void recordsGoWithTheirTagAndRevision() {
        Digest image = push("a", "v1", "alice");
        push("a", "v2", "alice");
        Digest other = push("b", "other", "alice");
        images.recordPull(repo, image);
        assertThat(records()).hasSize(6);

        assertThat(registry.manifests().delete(repo, Reference.parse("v1"))).isTrue();
        assertThat(records())
                .doesNotContain(RegistryLayout.tagRecord(repo, new Tag("v1")))
                .hasSize(5);

        assertThat(registry.manifests().delete(repo, Reference.parse(image.toString())))
                .isTrue();
        assertThat(records())
                .containsExactlyInAnyOrder(
                        RegistryLayout.pushRecord(repo, other), RegistryLayout.tagRecord(repo, new Tag("other")));

        registry.manifests().delete(repo, Reference.parse("other"));
        registry.manifests().removeUntagged(repo, other, null);
        assertThat(records()).isEmpty();
    }

    @Test
    void anImagePushedAgainAfterItsDeletionIsNew() {
        Digest image = push("a", "v1", "alice");
        images.recordPull(repo, image);
        registry.manifests().delete(repo, Reference.parse(image.toString()));

        clock.advance(Duration.ofMinutes(5));
        push("a", "v1", "bob");
        assertThat(images.pushed(repo, image)).contains(new PushRecord(image, clock.instant(), "bob"));
        assertThat(images.lastPulled(repo, image)).isEmpty();
        images.recordPull(repo, image);
        assertThat(images.lastPulled(repo, image))
                .as("pulls of the new push are recorded at once")
                .contains(clock.instant());
    }

    @Test
    void recordsShowInNoListing() {
        Digest image = push("a", "v1", "alice");
        images.recordPull(repo, image);
        assertThat(registry.tags().list(repo, null, 100).names()).containsExactly("v1");
        assertThat(registry.catalog().all(name -> true)).containsExactly(repo);
        List<Digest> revisions = new ArrayList<>();
        registry.manifests().forEachRevision(repo, r -> revisions.add(r.digest()));
        assertThat(revisions).containsExactly(image);
        List<Digest> links = new ArrayList<>();
        registry.blobs().forEachLink(repo, links::add);
        assertThat(links).hasSize(3);
    }

    @Test
    void aStoreWithoutRecordsReadsWithStorageTimesAndNoActor() {
        Digest image = push("a", "v1", "alice");
        storage.deleteAll(RegistryLayout.records(repo));
        Instant revisionWritten =
                storage.stat(RegistryLayout.revision(repo, image)).orElseThrow().lastModified();
        Instant tagWritten = storage.stat(RegistryLayout.tag(repo, new Tag("v1")))
                .orElseThrow()
                .lastModified();

        assertThat(images.pushed(repo, image)).contains(new PushRecord(image, revisionWritten, ""));
        assertThat(images.tag(repo, new Tag("v1")))
                .contains(new TagRecord(new Tag("v1"), image, tagWritten, "", Optional.empty()));
        assertThat(images.lastPulled(repo, image)).isEmpty();

        clock.advance(Duration.ofHours(1));
        push("a", "v1", "bob");
        assertThat(images.pushed(repo, image))
                .as("the first push with records counts as the first")
                .contains(new PushRecord(image, clock.instant(), "bob"));
    }

    @Test
    void aTagRecordLeftStaleByACrashOrUnreadableRecordsAreIgnored() {
        Digest first = push("a", "v1", "alice");
        Digest second = push("b", "v2", "alice");
        // A move of v1 to the second image that stopped after writing the tag, before its record.
        storage.put(RegistryLayout.tag(repo, new Tag("v1")), second.toString().getBytes(StandardCharsets.UTF_8));
        Instant tagWritten = storage.stat(RegistryLayout.tag(repo, new Tag("v1")))
                .orElseThrow()
                .lastModified();
        assertThat(images.tag(repo, new Tag("v1")))
                .contains(new TagRecord(new Tag("v1"), second, tagWritten, "", Optional.empty()));

        storage.put(RegistryLayout.pushRecord(repo, first), "not json".getBytes(StandardCharsets.UTF_8));
        storage.put(RegistryLayout.pullRecord(repo, first), "{\"at\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8));
        Instant revisionWritten =
                storage.stat(RegistryLayout.revision(repo, first)).orElseThrow().lastModified();
        assertThat(images.pushed(repo, first)).contains(new PushRecord(first, revisionWritten, ""));
        assertThat(images.lastPulled(repo, first)).isEmpty();
    }
}
