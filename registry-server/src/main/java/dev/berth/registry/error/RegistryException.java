package dev.berth.registry.error;

import java.util.Map;

/**
 * A request the registry refuses, carrying the spec error code, its message and optional detail.
 * Thrown anywhere below the HTTP layer; the dispatcher turns it into the JSON error envelope.
 */
public class RegistryException extends RuntimeException {
    private final ErrorCode code;
    private final transient Object detail;
    private final transient Map<String, String> headers;

    public RegistryException(ErrorCode code, String message) {
        this(code, message, null, Map.of());
    }

    public RegistryException(ErrorCode code, String message, Object detail) {
        this(code, message, detail, Map.of());
    }

    public RegistryException(ErrorCode code, String message, Object detail, Map<String, String> headers) {
        super(message, null, false, false);
        this.code = code;
        this.detail = detail;
        this.headers = Map.copyOf(headers);
    }

    public ErrorCode code() {
        return code;
    }

    public Object detail() {
        return detail;
    }

    /** Extra response headers the error needs, such as {@code Range} on a 416. */
    public Map<String, String> headers() {
        return headers;
    }
}
