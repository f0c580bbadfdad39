package dev.berth.registry.gc;

/** Another collection holds the store (in this process or another one); this one did not start. */
public final class GcAlreadyRunningException extends IllegalStateException {
    GcAlreadyRunningException(String message) {
        super(message);
    }
}
