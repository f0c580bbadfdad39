package dev.berth.registry.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.berth.registry.model.Digest;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.RepositoryRules;
import dev.berth.registry.testing.CountingStorage;
import dev.berth.storage.memory.InMemoryStorage;
import org.junit.jupiter.api.Test;

/**
 * What the registry keeps in memory instead of asking storage again: blob sizes and manifest bytes,
 * immutable by digest. Links, revisions and tags are read from storage every time, so what another
 * server deletes is seen at once.
 */
class ContentCachesTest {
    final CountingStorage storage = new CountingStorage(new InMemoryStorage());
    final Pushes pushes = new Pushes(storage, RepositoryRules.NONE);
    final Registry registry = pushes.registry;
    final RepositoryName repo = Pushes.repo("cache/app");

    @Test
    void aBlobSizeIsReadOnceThenServedFromMemory() {
        Digest blob = pushes.blob("cache/app", 1000, 1);
        registry.blobs().sizes().invalidateAll(); // as on a server that did not push it
        storage.reset();
        assertThat(registry.blobs().find(repo, blob)).map(BlobContent::size).contains(1000L);
        assertThat(storage.counts()).containsOnly(entry("stat", 2L)); // link and blob
        storage.reset();
        assertThat(registry.blobs().find(repo, blob)).map(BlobContent::size).contains(1000L);
        assertThat(storage.counts()).containsOnly(entry("stat", 1L)); // the link alone
        assertThat(registry.blobs().sizes().stats().hitCount()).isEqualTo(1);
    }

    @Test
    void thePushLeavesTheSizeInMemory() {
        Digest blob = pushes.blob("cache/app", 1000, 2);
        storage.reset();
        assertThat(registry.blobs().find(repo, blob)).map(BlobContent::size).contains(1000L);
        assertThat(storage.counts()).containsOnly(entry("stat", 1L));
    }

    @Test
    void contentDeletedThroughThisServerIsForgotten() {
        Digest blob = pushes.blob("cache/app", 1000, 3);
        assertThat(registry.blobs().sizes().getIfPresent(blob)).isEqualTo(1000L);
        registry.blobs().unlink(repo, blob);
        registry.blobs().deleteContent(blob);
        assertThat(registry.blobs().sizes().getIfPresent(blob)).isNull();
        assertThat(registry.blobs().find(repo, blob)).isEmpty();
    }

    @Test
    void aLinkRemovedByAnotherServerIsSeenAtOnce() {
        Digest blob = pushes.blob("cache/app", 1000, 4);
        storage.delete(RegistryLayout.link(repo, blob)); // what a DELETE through another server does
        assertThat(registry.blobs().find(repo, blob)).isEmpty();
    }

    @Test
    void whatAPushReliesOnIsReadFromStorageAfterItsClaim() {
        Digest blob = pushes.blob("cache/app", 1000, 5);
        storage.delete(RegistryLayout.blob(blob)); // as a collector elsewhere would, after its checks
        assertThat(registry.blobs().isLinked(repo, blob)).isFalse();
        assertThat(registry.blobs().existsAnywhere(blob)).isFalse();
        assertThat(registry.blobs().sizes().getIfPresent(blob)).isNull();
    }

    @Test
    void manifestBytesAreReadOnceThenServedFromMemory() {
        Digest config = pushes.blob("cache/app", 10, 6);
        Digest layer = pushes.blob("cache/app", 100, 7);
        pushes.push("cache/app", "v1", pushes.image(config, layer));
        registry.manifests().contents().invalidateAll();
        storage.reset();
        assertThat(registry.manifests().get(repo, Reference.parse("v1"))).isPresent();
        assertThat(storage.counts()).containsEntry("read", 3L); // tag, revision, bytes
        storage.reset();
        assertThat(registry.manifests().get(repo, Reference.parse("v1"))).isPresent();
        assertThat(storage.counts()).containsEntry("read", 2L); // tag and revision
        assertThat(registry.manifests().contents().stats().hitCount()).isEqualTo(1);
    }

    @Test
    void aRevisionDeletedByAnotherServerIsNotServed() {
        Digest config = pushes.blob("cache/app", 10, 8);
        Digest layer = pushes.blob("cache/app", 100, 9);
        Digest manifest =
                pushes.push("cache/app", "v1", pushes.image(config, layer)).digest();
        assertThat(registry.manifests().contents().getIfPresent(manifest)).isNotNull();
        storage.delete(RegistryLayout.revision(repo, manifest));
        assertThat(registry.manifests().get(repo, Reference.parse("v1"))).isEmpty();
        assertThat(registry.manifests().get(repo, new Reference(null, manifest)))
                .isEmpty();
    }

    @Test
    void everyCacheIsBoundedAndRecordsItsHits() {
        assertThat(registry.caches()).containsOnlyKeys("blob-sizes", "manifest-contents");
        registry.caches().forEach((name, cache) -> {
            assertThat(cache.policy().eviction()).as(name).isPresent();
            assertThat(cache.policy().isRecordingStats()).as(name).isTrue();
        });
    }
}
