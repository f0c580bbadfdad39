package dev.berth.storage.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.storage.Storage;
import dev.berth.storage.StorageContract;
import dev.berth.storage.StorageException;
import java.util.List;
import java.util.OptionalLong;
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
    }

    @Test
    void refusesToCompleteAnUploadOntoAPrefixAndKeepsTheUpload() {
        put("c/dir/object", "x");
        upload("c/upload", "bytes");
        assertThrows(StorageException.class, () -> storage.upload(p("c/upload")).complete(p("c/dir")));
        assertEquals(OptionalLong.of(5), storage.upload(p("c/upload")).size());
        assertEquals("x", readAll("c/dir/object"));
    }

    @Test
    void refusesAnUploadBelowAnotherUploadAsAFilesystemWould() {
        upload("c/upload", "x");
        assertThrows(StorageException.class, () -> storage.upload(p("c/upload/below"))
                .writer());
        assertThrows(StorageException.class, () -> storage.upload(p("c")).writer());
    }

    @Test
    void keepsUploadsApartFromObjects() {
        put("c/path", "object");
        upload("c/path", "upload");
        assertEquals("object", readAll("c/path"));
        assertEquals(List.of("path"), names("c"));
        assertEquals(OptionalLong.of(6), storage.upload(p("c/path")).size());
        assertEquals("upload", complete("c/path", "c/path"));
    }
}
