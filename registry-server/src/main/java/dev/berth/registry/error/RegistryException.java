package dev.berth.registry.error;

/**
 * A request the registry refuses, carrying the spec error code, its message and optional detail.
 * Thrown anywhere below the HTTP layer; the dispatcher turns it into the JSON error envelope.
 * Refusals that tell the client more (where an upload stands, when to retry) are subclasses
 * carrying that as values; only the HTTP layer makes headers of them.
 */
public class RegistryException extends RuntimeException {
    private final ErrorCode code;
    private final transient Object detail;

    public RegistryException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public RegistryException(ErrorCode code, String message, Object detail) {
        super(message, null, false, false);
        this.code = code;
        this.detail = detail;
    }

    public ErrorCode code() {
        return code;
    }

    public Object detail() {
        return detail;
    }
}
