package dev.berth.storage.memory;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.StoragePath;
import dev.berth.storage.Upload;
import java.util.OptionalLong;

/** The handle on one upload of an {@link InMemoryStorage}, which holds the upload's state. */
record MemoryUpload(InMemoryStorage store, StoragePath path) implements Upload {

    @Override
    public OptionalLong size() {
        return store.uploadSize(path);
    }

    @Override
    public AppendWriter writer() {
        return store.openUpload(path);
    }

    @Override
    public void complete(StoragePath target) {
        store.completeUpload(path, target);
    }

    @Override
    public boolean cancel() {
        return store.abortUpload(path);
    }
}
