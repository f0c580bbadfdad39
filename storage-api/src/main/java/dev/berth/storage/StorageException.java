package dev.berth.storage;

/** Any failure of the storage backend: I/O errors, a refused request, an unreachable service. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
