package dev.berth.registry.content;

import dev.berth.storage.ObjectNotFoundException;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.util.Optional;

/** Reading small objects that a concurrent request may delete at any moment. */
final class StoredObjects {
    private StoredObjects() {}

    static Optional<byte[]> read(Storage storage, StoragePath path) {
        try {
            return Optional.of(storage.readAll(path));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }
}
