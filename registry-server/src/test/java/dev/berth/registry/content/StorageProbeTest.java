package dev.berth.registry.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.ObjectInfo;
import dev.berth.storage.StoragePath;
import dev.berth.storage.memory.InMemoryStorage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageProbeTest {
    private final InMemoryStorage storage = new InMemoryStorage();
    private final StorageProbe probe = new StorageProbe(storage, Clock.systemUTC());

    @Test
    void checksWithOneObjectOfItsOwnAndRemovesIt() {
        probe.check();
        probe.check();
        assertThat(healthObjects()).hasSize(1);
        probe.remove();
        assertThat(healthObjects()).isEmpty();
    }

    @Test
    void aProbeThatNeverCheckedHasNothingToRemove() {
        probe.remove();
        assertThat(healthObjects()).isEmpty();
    }

    private List<ObjectInfo> healthObjects() {
        List<ObjectInfo> found = new ArrayList<>();
        storage.walk(StoragePath.of("health"), found::add);
        return found;
    }
}
