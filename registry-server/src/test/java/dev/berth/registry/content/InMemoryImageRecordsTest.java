package dev.berth.registry.content;

import dev.berth.storage.Storage;
import dev.berth.storage.memory.InMemoryStorage;

/** {@link ImageRecordsTest} on the in-memory storage. */
class InMemoryImageRecordsTest extends ImageRecordsTest {
    @Override
    protected Storage open() {
        return new InMemoryStorage();
    }
}
