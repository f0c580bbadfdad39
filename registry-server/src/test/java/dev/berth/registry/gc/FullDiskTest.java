package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.content.RegistryLayout;
import dev.berth.registry.model.Digest;
import dev.berth.registry.testing.ForwardingStorage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import dev.berth.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Garbage collection on a store with no room left: it frees space, and never deletes unsafely. */
class FullDiskTest {
    final FullStorage disk = new FullStorage(new InMemoryStorage());
    final Store store = new Store(disk, Duration.ofHours(1));
    final GcOptions prune = GcOptions.defaults().withPruneUntagged(true);

    @Test
    void aCollectionRunsOnAFullDiskAndFreesSpace() {
        Digest layer = store.blob("app", "layer");
        Digest config = store.blob("app", "{}");
        store.image("app", "v1", config, layer);
        assertThat(store.collector(Duration.ZERO).run(prune).blobsSwept())
                .as("a routine run")
                .isZero();
        assertThat(disk.stat(RegistryLayout.gcReserve()))
                .as("it leaves the reserve")
                .isPresent();
        Digest orphan1 = store.blob("app", "uploaded, never referenced ".repeat(1000));
        Digest orphan2 = store.blob("app", "another ".repeat(1000));
        disk.fill();
        long full = disk.used();

        GcReport report = store.collector(GarbageCollectorTest.AHEAD).run(prune);

        assertThat(report.blobsSwept()).isEqualTo(2);
        assertThat(store.blobs()).doesNotContain(orphan1, orphan2).contains(layer, config);
        assertThat(disk.stat(RegistryLayout.gcReserve())).as("written again").isPresent();
        assertThat(disk.used()).isLessThan(full);
    }

    @Test
    void withoutRoomForItsWritesACollectionStopsAndDeletesNothing() {
        store.blob("app", "orphan");
        disk.fill();
        Map<StoragePath, String> before = store.listing();
        assertThatThrownBy(() -> store.collector(GarbageCollectorTest.AHEAD).run(prune))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("No space left");
        assertThat(store.listing()).isEqualTo(before);
    }

    @Test
    void aTombstoneThatCannotBeWrittenDeletesNothing() {
        Digest orphan = store.blob("app", "orphan");
        ForwardingStorage tombstonesRefused = new ForwardingStorage(disk) {
            @Override
            public void put(StoragePath path, byte[] content) {
                if (path.value().startsWith("gc/deleting/")) {
                    throw new StorageException("cannot put " + path + ": No space left on device");
                }
                super.put(path, content);
            }
        };
        Store refusing = new Store(tombstonesRefused, Duration.ofHours(1));
        assertThatThrownBy(() -> refusing.collector(GarbageCollectorTest.AHEAD).run(prune))
                .isInstanceOf(StorageException.class);
        assertThat(store.blobs()).isEqualTo(Set.of(orphan));
        assertThat(store.linked("app", orphan)).isTrue();
    }
}
