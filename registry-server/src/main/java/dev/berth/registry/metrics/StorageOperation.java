package dev.berth.registry.metrics;

import java.util.Locale;

/** The calls of the storage SPI as {@link MeteredStorage} names them in the {@code operation} tag. */
enum StorageOperation {
    STAT,
    READ,
    OPEN_CHANNEL,
    PRESIGNED_GET,
    READ_ALL,
    PUT,
    MOVE,
    DELETE,
    DELETE_ALL,
    LIST,
    WALK,
    PURGE_LEFTOVERS,
    UPLOAD_SIZE,
    UPLOAD_OPEN,
    UPLOAD_WRITE,
    UPLOAD_CLOSE,
    UPLOAD_ABANDON,
    UPLOAD_COMPLETE,
    UPLOAD_CANCEL;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
