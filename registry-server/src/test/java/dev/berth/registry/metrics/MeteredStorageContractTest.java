package dev.berth.registry.metrics;

import dev.berth.storage.Storage;
import dev.berth.storage.StorageContract;
import dev.berth.storage.memory.InMemoryStorage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The storage contract through {@link MeteredStorage}: metering changes no behaviour. */
class MeteredStorageContractTest extends StorageContract {
    @Override
    protected Storage newStorage() {
        return MeteredStorage.wrap(new InMemoryStorage(), "memory", new SimpleMeterRegistry());
    }
}
