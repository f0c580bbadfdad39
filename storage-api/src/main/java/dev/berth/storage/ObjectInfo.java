package dev.berth.storage;

import java.time.Instant;

/** What {@link Storage#stat} knows about one object. */
public record ObjectInfo(StoragePath path, long size, Instant lastModified) {
    public ObjectInfo {
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }
}
