package dev.berth.storage;

/**
 * Another writer changed the upload first, typically a server sharing the store that appended to
 * the same upload at the same time. Nothing this writer wrote was kept: the upload is as the other
 * writer left it, and the caller may look at its size again and retry from there.
 */
public class UploadConflictException extends StorageException {
    public UploadConflictException(StoragePath path, String detail) {
        super("upload " + path + " was changed by another writer: " + detail);
    }
}
