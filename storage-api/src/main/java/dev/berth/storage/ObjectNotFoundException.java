package dev.berth.storage;

/** The object a method needed is not there. */
public class ObjectNotFoundException extends StorageException {
    public ObjectNotFoundException(StoragePath path) {
        super("no object at " + path);
    }
}
