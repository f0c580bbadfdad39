package dev.berth.registry.gc;

import static dev.berth.registry.gc.Store.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.content.RegistryLayout;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.Reference;
import dev.berth.storage.StoragePath;
import dev.berth.storage.memory.InMemoryStorage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GarbageCollectorTest {
    /** Run the collector this far ahead and everything stored now is past grace and prune age. */
    static final Duration AHEAD = Duration.ofHours(48);

    final Store store = new Store(new InMemoryStorage(), Duration.ofHours(1));
    final GcOptions prune = GcOptions.defaults().withPruneUntagged(true);
    final Random random = new Random(42);

    /** {@link #prune} with one more configuration key set, as the server would read it. */
    static GcOptions pruneWith(ConfigKey key, String value) {
        return GcOptions.of(new ConfigLoader()
                .set(ConfigKey.GC_PRUNE_UNTAGGED, "true")
                .set(key, value)
                .load());
    }

    byte[] randomBytes(int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    @Test
    void layersFetchedFromElsewhereAreNotExpectedAndKeptWhenPushedToo() {
        Digest config = store.blob("win", "{\"os\":\"windows\"}");
        Digest layer = store.blob("win", randomBytes(1_000));
        Digest absent = Store.sha256(randomBytes(500));
        Digest pushedToo = store.blob("win", randomBytes(700));
        Digest image = store.imageWithExternalLayers("win", "v1", config, layer, absent, pushedToo);
        Set<Digest> before = store.blobs();

        GcReport report = store.collector(AHEAD).run(prune);

        assertThat(store.blobs()).containsExactlyInAnyOrderElementsOf(before).doesNotContain(absent);
        assertThat(report.blobsSwept()).isZero();
        assertThat(report.manifestsPruned()).isZero();
        assertThat(store.isRevision("win", image)).isTrue();
        assertThat(store.linked("win", pushedToo)).isTrue();
        assertThat(store.linked("win", layer)).isTrue();
    }

    @Test
    void deletingTagsReclaimsExactlyTheBlobsOnlyThoseImagesUsed() {
        Digest base1 = store.blob("web", randomBytes(300_000));
        Digest base2 = store.blob("web", randomBytes(200_000));
        Digest web1Layer = store.blob("web", randomBytes(1_500_000));
        Digest web1Config = store.blob("web", "{\"web\":1}");
        Digest web1 = store.image("web", "v1", web1Config, base1, base2, web1Layer);
        Digest web2Layer = store.blob("web", randomBytes(700_000));
        Digest web2Config = store.blob("web", "{\"web\":2}");
        Digest web2 = store.image("web", "v2", web2Config, base1, base2, web2Layer);
        assertThat(store.registry.blobs().mount(repo("api"), base1, Optional.of(repo("web"))))
                .isTrue();
        Digest apiLayer = store.blob("api", randomBytes(100_000));
        Digest apiConfig = store.blob("api", "{\"api\":1}");
        Digest api = store.image("api", "v1", apiConfig, base1, apiLayer);

        store.untag("web", "v1");
        Set<Digest> before = store.blobs();
        long bytesBefore = store.blobBytes();
        GcReport report = store.collector(AHEAD).run(prune);

        Set<Digest> gone = Set.of(web1, web1Layer, web1Config);
        Set<Digest> expected = new HashSet<>(before);
        expected.removeAll(gone);
        assertThat(store.blobs()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(bytesBefore - store.blobBytes())
                .isEqualTo(store.size(web1, web1Layer, web1Config))
                .isEqualTo(report.bytesReclaimed());
        assertThat(report.manifestsPruned()).isEqualTo(1);
        assertThat(report.blobsSwept()).isEqualTo(3);
        assertThat(report.repositories()).isEqualTo(2);
        assertThat(report.manifestsMarked()).isEqualTo(2);
        assertThat(store.isRevision("web", web1)).isFalse();
        assertThat(store.linked("web", web1Layer)).isFalse();
        for (Digest d : gone) {
            assertThat(store.storage.stat(StoragePath.of("repositories", "web", "_links", "sha256", d.hex())))
                    .isEmpty();
            assertThat(store.registry.guard().lastClaimed(d)).isEmpty();
        }
        for (Digest d : List.of(web2, web2Layer, web2Config, base1, base2)) {
            assertThat(store.linked("web", d)).as("web keeps %s", d).isTrue();
        }
        for (Digest d : List.of(api, apiLayer, apiConfig, base1)) {
            assertThat(store.linked("api", d)).as("api keeps %s", d).isTrue();
        }
        assertThat(store.registry.manifests().get(repo("web"), Reference.parse("v2")))
                .isPresent();

        GcReport again = store.collector(AHEAD).run(prune);
        assertThat(again.blobsSwept()).isZero();
        assertThat(again.manifestsPruned()).isZero();
    }

    @Test
    void sharedBaseLayersSurviveWhileAnyImageUsesThem() {
        Digest base = store.blob("a", randomBytes(50_000));
        Digest aTop = store.blob("a", "a top");
        Digest aConfig = store.blob("a", "{\"a\":1}");
        store.image("a", "1", aConfig, base, aTop);
        assertThat(store.registry.blobs().mount(repo("b"), base, Optional.of(repo("a"))))
                .isTrue();
        Digest bTop = store.blob("b", "b top");
        Digest bConfig = store.blob("b", "{\"b\":1}");
        store.image("b", "1", bConfig, base, bTop);

        store.untag("a", "1");
        store.collector(AHEAD).run(prune);
        assertThat(store.blobs()).contains(base).doesNotContain(aTop, aConfig);
        assertThat(store.linked("b", base)).isTrue();
        assertThat(store.linked("a", base))
                .as("a's link stays while the blob is live")
                .isTrue();

        store.untag("b", "1");
        GcReport report = store.collector(AHEAD).run(prune);
        assertThat(store.blobs()).isEmpty();
        assertThat(store.storage.stat(StoragePath.of("repositories", "a", "_links", "sha256", base.hex())))
                .isEmpty();
        assertThat(report.blobsSwept()).isEqualTo(4);
        assertThat(store.registry.catalog().all(n -> true)).isEmpty();
    }

    @Test
    void withoutPruningEveryRevisionIsARoot() {
        Digest layer = store.blob("app", "layer");
        Digest config = store.blob("app", "{}");
        Digest image = store.image("app", "v1", config, layer);
        store.untag("app", "v1");

        GcReport report = store.collector(AHEAD).run(GcOptions.defaults());
        assertThat(report.blobsSwept()).isZero();
        assertThat(report.manifestsPruned()).isZero();
        assertThat(store.registry.manifests().get(repo("app"), new Reference(null, image)))
                .isPresent();

        store.registry.manifests().delete(repo("app"), new Reference(null, image));
        report = store.collector(AHEAD).run(GcOptions.defaults());
        assertThat(report.blobsSwept()).isEqualTo(3);
        assertThat(store.blobs()).isEmpty();
    }

    @Test
    void indexChildrenLiveWithTheirIndexAndGoWithIt() {
        Digest base = store.blob("app", "shared base");
        Digest l1 = store.blob("app", "amd64 layer");
        Digest c1 = store.blob("app", "{\"arch\":\"amd64\"}");
        Digest l2 = store.blob("app", "arm64 layer");
        Digest c2 = store.blob("app", "{\"arch\":\"arm64\"}");
        Digest m1 = store.image("app", null, c1, base, l1);
        Digest m2 = store.image("app", null, c2, base, l2);
        Digest index = store.index("app", "multi", m1, m2);
        Digest otherConfig = store.blob("app", "{\"other\":1}");
        store.image("app", "other", otherConfig, base);

        GcReport kept = store.collector(AHEAD).run(prune);
        assertThat(kept.manifestsPruned()).isZero();
        assertThat(kept.blobsSwept()).isZero();
        assertThat(kept.manifestsMarked()).isEqualTo(4);
        assertThat(store.isRevision("app", m1)).isTrue();
        assertThat(store.isRevision("app", m2)).isTrue();

        store.untag("app", "multi");
        GcReport pruned = store.collector(AHEAD).run(prune);
        assertThat(pruned.manifestsPruned()).isEqualTo(3);
        assertThat(store.blobs()).doesNotContain(index, m1, m2, l1, c1, l2, c2).contains(base, otherConfig);
        assertThat(pruned.blobsSwept()).isEqualTo(7);
        assertThat(pruned.bytesReclaimed()).isEqualTo(store.size(index, m1, m2, l1, c1, l2, c2));
    }

    @Test
    void aChildOfALiveIndexStaysWhenAnotherIndexOfItIsPruned() {
        Digest layer = store.blob("app", "layer");
        Digest c1 = store.blob("app", "{\"n\":1}");
        Digest c2 = store.blob("app", "{\"n\":2}");
        Digest m1 = store.image("app", null, c1, layer);
        Digest m2 = store.image("app", null, c2, layer);
        Digest live = store.index("app", "live", m1, m2);
        Digest dangling = store.index("app", null, m1);

        GcReport report = store.collector(AHEAD).run(prune);
        assertThat(report.manifestsPruned()).isEqualTo(1);
        assertThat(store.isRevision("app", dangling)).isFalse();
        assertThat(store.isRevision("app", live)).isTrue();
        assertThat(store.isRevision("app", m1)).isTrue();
        assertThat(store.isRevision("app", m2)).isTrue();
        assertThat(store.blobs()).doesNotContain(dangling).contains(m1, m2, c1, c2, layer);
    }

    @Test
    void referrersStayWithALiveSubjectAndGoWithAPrunedOne() {
        Digest layer = store.blob("app", "layer");
        Digest config = store.blob("app", "{}");
        Digest subject = store.image("app", "v1", config, layer);
        Digest signature = store.referrer("app", subject, "signature of the image");
        Digest countersignature = store.referrer("app", signature, "signature of the signature");

        GcReport kept = store.collector(AHEAD).run(prune);
        assertThat(kept.manifestsPruned()).isZero();
        assertThat(kept.manifestsMarked()).isEqualTo(3);
        assertThat(store.referrers("app", subject)).containsExactly(signature);
        assertThat(store.referrers("app", signature)).containsExactly(countersignature);

        store.untag("app", "v1");
        GcReport pruned = store.collector(AHEAD).run(prune);
        assertThat(pruned.manifestsPruned()).isEqualTo(3);
        assertThat(store.referrers("app", subject)).isEmpty();
        assertThat(store.referrers("app", signature)).isEmpty();
        assertThat(store.blobs()).isEmpty();
        assertThat(store.storage.stat(new StoragePath("repositories/app/_referrers")))
                .isEmpty();
    }

    @Test
    void keepReferrersKeepsThemWhenTheirSubjectIsPruned() {
        Digest layer = store.blob("app", "layer");
        Digest config = store.blob("app", "{\"subject\":true}");
        Digest subject = store.image("app", "v1", config, layer);
        Digest signature = store.referrer("app", subject, "signature of the image");
        Digest countersignature = store.referrer("app", signature, "signature of the signature");

        store.untag("app", "v1");
        GcReport report = store.collector(AHEAD).run(pruneWith(ConfigKey.GC_KEEP_REFERRERS, "true"));
        assertThat(report.manifestsPruned()).isEqualTo(1);
        assertThat(store.isRevision("app", subject)).isFalse();
        assertThat(store.isRevision("app", signature)).isTrue();
        assertThat(store.isRevision("app", countersignature)).isTrue();
        assertThat(store.referrers("app", subject)).containsExactly(signature);
        assertThat(store.blobs()).doesNotContain(subject, layer, config).contains(signature, countersignature);
        assertThat(store.registry.manifests().get(repo("app"), new Reference(null, signature)))
                .isPresent();
    }

    @Test
    void keepPatternsProtectUntaggedManifestsOfMatchingRepositories() {
        List<String> repositories = List.of("keep/me", "keep/me/too", "team/a", "team/a/b", "other");
        java.util.Map<String, Digest> images = new java.util.HashMap<>();
        for (String r : repositories) {
            Digest config = store.blob(r, "{\"repo\":\"" + r + "\"}");
            images.put(r, store.image(r, null, config));
        }
        GcReport report = store.collector(AHEAD).run(pruneWith(ConfigKey.GC_KEEP, "keep/**,team/*"));
        assertThat(report.manifestsPruned()).isEqualTo(2);
        assertThat(store.isRevision("keep/me", images.get("keep/me"))).isTrue();
        assertThat(store.isRevision("keep/me/too", images.get("keep/me/too"))).isTrue();
        assertThat(store.isRevision("team/a", images.get("team/a"))).isTrue();
        assertThat(store.isRevision("team/a/b", images.get("team/a/b"))).isFalse();
        assertThat(store.isRevision("other", images.get("other"))).isFalse();
    }

    @Test
    void contentYoungerThanTheGracePeriodOrThePruneAgeIsKept() {
        Digest orphan = store.blob("app", "uploaded, no manifest yet");
        Digest config = store.blob("app", "{}");
        Digest untagged = store.image("app", null, config);

        GcReport now = store.collector(Duration.ZERO).run(prune);
        assertThat(now.blobsSwept()).isZero();
        assertThat(now.manifestsPruned()).isZero();
        assertThat(store.blobs()).contains(orphan, untagged);

        GcReport later = store.collector(Duration.ofHours(2)).run(prune);
        assertThat(later.blobsSwept()).as("past grace: the orphan goes").isEqualTo(1);
        assertThat(later.manifestsPruned())
                .as("within the prune age: the manifest stays")
                .isZero();
        assertThat(store.blobs()).doesNotContain(orphan).contains(untagged, config);

        GcReport muchLater = store.collector(AHEAD).run(prune);
        assertThat(muchLater.manifestsPruned()).isEqualTo(1);
        assertThat(store.blobs()).isEmpty();
    }

    @Test
    void aBlobClaimedAfterTheRunStartedIsNotSwept() throws Exception {
        Store quick = new Store(new InMemoryStorage(), Duration.ofMillis(1));
        Digest orphan = quick.blob("app", "orphan");
        Thread.sleep(50);
        GcReport report = quick.collector(Duration.ZERO).run(prune, phase -> {
            if (phase == GcPhase.SWEEP) {
                quick.registry.guard().claim(orphan);
            }
        });
        assertThat(report.blobsSwept()).isZero();
        assertThat(quick.blobs()).contains(orphan);

        Thread.sleep(50);
        assertThat(quick.collector(Duration.ZERO).run(prune).blobsSwept()).isEqualTo(1);
        assertThat(quick.blobs()).isEmpty();
    }

    @Test
    void contentClaimedWithinTheGracePeriodIsNeitherPrunedNorSwept() throws Exception {
        Store store = new Store(new InMemoryStorage(), Duration.ofSeconds(1));
        Digest layer = store.blob("app", "layer");
        Digest config = store.blob("app", "{}");
        Digest image = store.image("app", null, config, layer);
        Digest orphan = store.blob("app", "orphan");
        Thread.sleep(1500);
        store.registry.guard().claim(image);
        store.registry.guard().claim(layer);
        store.registry.guard().claim(config);

        GcReport report = store.collector(Duration.ZERO).run(pruneWith(ConfigKey.GC_PRUNE_AGE, "0s"));
        assertThat(report.manifestsPruned()).isZero();
        assertThat(report.blobsSwept()).isEqualTo(1);
        assertThat(store.blobs()).containsExactlyInAnyOrder(image, layer, config);
        assertThat(store.isRevision("app", image)).isTrue();
    }

    @Test
    void aDryRunChangesNothingAndReportsWhatTheRunWillDo() {
        Digest layer = store.blob("app", "layer");
        Digest config = store.blob("app", "{}");
        Digest subject = store.image("app", "v1", config, layer);
        store.referrer("app", subject, "signature");
        store.blob("app", "orphan");
        store.image("app", "v2", store.blob("app", "{\"v\":2}"), layer);
        store.untag("app", "v1");
        store.registry.uploads().start(repo("app"), DigestAlgorithm.SHA256);

        var before = store.listing();
        GcOptions options = pruneWith(ConfigKey.UPLOADS_PURGE_AGE, "0s");
        GcReport dry = store.collector(AHEAD).run(options.withDryRun(true));
        assertThat(store.listing()).isEqualTo(before);

        GcReport real = store.collector(AHEAD).run(options);
        assertThat(dry.dryRun()).isTrue();
        assertThat(real.dryRun()).isFalse();
        assertThat(dry.manifestsPruned()).isEqualTo(real.manifestsPruned()).isEqualTo(2);
        assertThat(dry.blobsSwept()).isEqualTo(real.blobsSwept()).isEqualTo(5);
        assertThat(dry.bytesReclaimed()).isEqualTo(real.bytesReclaimed());
        assertThat(dry.uploadsRemoved()).isEqualTo(real.uploadsRemoved()).isEqualTo(1);
        assertThat(dry.manifestsMarked()).isEqualTo(real.manifestsMarked());
        assertThat(dry.blobsMarked()).isEqualTo(real.blobsMarked());
        assertThat(dry.toString()).startsWith("dry run, nothing deleted").contains("would have pruned 2 manifests");
        assertThat(store.listing()).isNotEqualTo(before);
    }

    @Test
    void aSecondRunIsRefusedAtOnceWhileOneIsInProgress() throws Exception {
        GarbageCollector first = store.collector(AHEAD);
        CountDownLatch marking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<GcReport> running = CompletableFuture.supplyAsync(() -> first.run(prune, phase -> {
            if (phase == GcPhase.MARK) {
                marking.countDown();
                await(release);
            }
        }));
        assertThat(marking.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(first.progress())
                .hasValueSatisfying(p -> assertThat(p.phase()).isEqualTo(GcPhase.MARK));

        long start = System.nanoTime();
        assertThatThrownBy(() -> first.run(prune))
                .isInstanceOf(GcAlreadyRunningException.class)
                .hasMessageContaining("in this process");
        GarbageCollector elsewhere = store.collector(AHEAD);
        assertThatThrownBy(() -> elsewhere.run(prune))
                .isInstanceOf(GcAlreadyRunningException.class)
                .hasMessageContaining("already running")
                .hasMessageContaining("holds the lease gc/lock");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

        release.countDown();
        running.get(5, TimeUnit.SECONDS);
        assertThat(first.progress()).isEmpty();
        assertThat(store.storage.stat(RegistryLayout.gcLock())).isEmpty();
        elsewhere.run(prune);
    }

    @Test
    void collectorsStartingTogetherRunOneAtATime() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<GcReport>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            GarbageCollector c = new GarbageCollector(
                    store.registry, Clock.offset(Clock.systemUTC(), AHEAD), Duration.ofMillis(200));
            runs.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                return c.run(prune, phase -> sleep(300));
            }));
        }
        go.countDown();
        int refused = 0;
        for (CompletableFuture<GcReport> run : runs) {
            try {
                run.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(GcAlreadyRunningException.class);
                refused++;
            }
        }
        assertThat(refused).isEqualTo(1);
    }

    @Test
    void anExpiredLeaseIsTakenOverAndALiveOneIsNot() {
        Instant now = Instant.now().plus(AHEAD);
        store.storage.put(
                RegistryLayout.gcLock(),
                ("{\"owner\":\"crashed-host/pid-1/abc\",\"expires\":\"" + now.minusSeconds(1) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        store.collector(AHEAD).run(prune);
        assertThat(store.storage.stat(RegistryLayout.gcLock())).isEmpty();

        store.storage.put(
                RegistryLayout.gcLock(),
                ("{\"owner\":\"other-host/pid-2/def\",\"expires\":\"" + now.plusSeconds(60) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.collector(AHEAD).run(prune))
                .isInstanceOf(GcAlreadyRunningException.class)
                .hasMessageContaining("other-host/pid-2/def");
        assertThat(store.collector(AHEAD).run(prune.withDryRun(true)).dryRun())
                .as("a dry run takes no lease")
                .isTrue();
    }

    @Test
    void aCancelledRunStopsAndGivesUpItsLease() {
        GarbageCollector collector = store.collector(AHEAD);
        assertThatThrownBy(() -> collector.run(prune, phase -> collector.cancel()))
                .isInstanceOf(GcAbortedException.class)
                .hasMessageContaining("cancelled");
        assertThat(store.storage.stat(RegistryLayout.gcLock())).isEmpty();
        assertThat(collector.run(prune).dryRun()).isFalse();
    }

    @Test
    void aLiveManifestThatCannotBeParsedStopsTheRunBeforeItSweeps() {
        Digest orphan = store.blob("app", "orphan");
        byte[] broken = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
                .getBytes(StandardCharsets.UTF_8);
        Digest digest = Store.sha256(broken);
        store.storage.put(StoragePath.of("blobs", "sha256", digest.hex().substring(0, 2), digest.hex()), broken);
        store.storage.put(StoragePath.of("repositories", "app", "_links", "sha256", digest.hex()), new byte[0]);
        store.storage.put(
                StoragePath.of("repositories", "app", "_manifests", "sha256", digest.hex()),
                "application/vnd.oci.image.manifest.v1+json".getBytes(StandardCharsets.UTF_8));
        store.storage.put(
                StoragePath.of("repositories", "app", "_tags", "v1"),
                digest.toString().getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.collector(AHEAD).run(prune))
                .isInstanceOf(GcAbortedException.class)
                .hasMessageContaining(digest.toString())
                .hasMessageContaining("cannot be parsed");
        assertThat(store.blobs()).contains(orphan, digest);
        assertThat(store.storage.stat(RegistryLayout.gcLock())).isEmpty();
    }

    @Test
    void imageRecordsGoWithWhatIsPrunedAndThoseLeftBehindAreRemoved() {
        Digest config = store.blob("app", "{}");
        Digest kept = store.image("app", "v1", config, store.blob("app", "kept"));
        Digest dropped = store.image("app", null, config, store.blob("app", "dropped"));
        store.registry.images().recordPull(repo("app"), dropped);
        // What a tag deletion or a pull racing the deletion of their object can leave.
        StoragePath records = StoragePath.of("repositories", "app", "_records");
        StoragePath staleTag = records.resolve("tags").resolve("gone");
        StoragePath stalePull = StoragePath.of(
                records.value(),
                "pulled",
                "sha256",
                Store.sha256("deleted".getBytes(StandardCharsets.UTF_8)).hex());
        store.storage.put(staleTag, "{}".getBytes(StandardCharsets.UTF_8));
        store.storage.put(stalePull, "{}".getBytes(StandardCharsets.UTF_8));
        StoragePath keptPush = StoragePath.of(records.value(), "pushed", "sha256", kept.hex());
        StoragePath keptTag = records.resolve("tags").resolve("v1");

        store.collector(AHEAD).run(prune.withDryRun(true));
        assertThat(store.listing().keySet()).contains(staleTag, stalePull);

        assertThat(store.collector(AHEAD).run(prune).manifestsPruned()).isEqualTo(1);
        assertThat(store.listing().keySet())
                .filteredOn(p -> p.startsWith(records))
                .containsExactlyInAnyOrder(keptPush, keptTag);
        assertThat(store.registry.images().lastPulled(repo("app"), dropped)).isEmpty();
    }

    @Test
    void useRecordsAreForgottenOnlyForContentThatIsGone() {
        Digest live = store.blob("app", "live");
        store.image("app", "v1", live);
        Digest neverPushed = Digest.of(DigestAlgorithm.SHA256, "HEAD found nothing".getBytes(StandardCharsets.UTF_8));
        store.registry.guard().claim(neverPushed);
        assertThat(store.registry.guard().lastClaimed(neverPushed)).isPresent();

        store.collector(AHEAD).run(prune);
        assertThat(store.registry.guard().lastClaimed(neverPushed)).isEmpty();
        assertThat(store.registry.guard().lastClaimed(live)).isPresent();
        assertThat(store.storage.stat(new StoragePath("gc/deleting"))).isEmpty();
    }

    @Test
    void idleUploadsAreRemoved() {
        store.registry.uploads().start(repo("app"), DigestAlgorithm.SHA256);
        assertThat(store.collector(AHEAD).run(prune).uploadsRemoved())
                .as("not idle for a day yet")
                .isZero();
        assertThat(store.collector(AHEAD)
                        .run(pruneWith(ConfigKey.UPLOADS_PURGE_AGE, "0s"))
                        .uploadsRemoved())
                .isEqualTo(1);
        assertThat(store.listing().keySet()).noneMatch(p -> p.value().startsWith("uploads/"));
    }

    @Test
    void theReportReadsInHumanUnitsAndSerialisesToJson() throws Exception {
        GcReport report = new GcReport(false, 3, 10, 40, 2, 5, 3L * 1024 * 1024 + 512 * 1024, 1, 1234);
        assertThat(report.toString())
                .isEqualTo("garbage collected in 1.2 s: 3 repositories, 10 manifests and 40 blobs "
                        + "in use; pruned 2 manifests, swept 5 blobs (3.5 MiB), removed 1 idle upload");
        String json = Json.MAPPER.writeValueAsString(report);
        assertThat(Json.MAPPER.readTree(json).get("bytesReclaimed").asLong()).isEqualTo(report.bytesReclaimed());
        assertThat(Json.MAPPER.readValue(json, GcReport.class)).isEqualTo(report);
        assertThat(Units.bytes(512)).isEqualTo("512 B");
        assertThat(Units.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Units.bytes(5L << 30)).isEqualTo("5.0 GiB");
        assertThat(Units.duration(Duration.ofSeconds(243))).isEqualTo("4 min 3 s");
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
