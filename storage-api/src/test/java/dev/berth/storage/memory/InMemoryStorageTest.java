package dev.berth.storage.memory;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.storage.Storage;
import dev.berth.storage.StorageContract;
import dev.berth.storage.StorageException;
import org.junit.jupiter.api.Test;

class InMemoryStorageTest extends StorageContract {

    @Override
    protected Storage newStorage() {
        return new InMemoryStorage();
    }

    @Test
    void refusesAnObjectBelowAnotherObject() {
        put("c/object", "x");
        assertThrows(StorageException.class, () -> put("c/object/below", "y"));
    }

    @Test
    void refusesAnObjectWhereObjectsExistBelow() {
        put("c/dir/object", "x");
        assertThrows(StorageException.class, () -> put("c/dir", "y"));
        assertThrows(StorageException.class, () -> storage.append(p("c/dir")));
    }
}
