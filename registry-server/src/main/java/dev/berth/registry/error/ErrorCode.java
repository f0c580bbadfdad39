package dev.berth.registry.error;

/**
 * Why Berth refuses a request: the HTTP status and the distribution-spec error code sent in the
 * envelope. Several refusals share a spec code but differ in status (a manifest that is too large
 * is {@code MANIFEST_INVALID} with 413), so the enum names the situation and {@link #code()} the
 * wire value.
 */
public enum ErrorCode {
    BLOB_UNKNOWN(404, "BLOB_UNKNOWN", "blob unknown to registry"),
    BLOB_UPLOAD_INVALID(400, "BLOB_UPLOAD_INVALID", "blob upload invalid"),
    BLOB_UPLOAD_UNKNOWN(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry"),
    /** A tag the request may not set: one that {@code repositories.immutable-tags} keeps where it points. */
    TAG_INVALID(400, "TAG_INVALID", "manifest tag did not match URI"),
    DIGEST_INVALID(400, "DIGEST_INVALID", "provided digest did not match uploaded content"),
    MANIFEST_BLOB_UNKNOWN(400, "MANIFEST_BLOB_UNKNOWN", "manifest references a manifest or blob unknown to registry"),
    MANIFEST_INVALID(400, "MANIFEST_INVALID", "manifest invalid"),
    MANIFEST_TOO_LARGE(413, "MANIFEST_INVALID", "manifest too large"),
    MANIFEST_UNKNOWN(404, "MANIFEST_UNKNOWN", "manifest unknown to registry"),
    NAME_INVALID(400, "NAME_INVALID", "invalid repository name"),
    NAME_UNKNOWN(404, "NAME_UNKNOWN", "repository name not known to registry"),
    SIZE_INVALID(400, "SIZE_INVALID", "provided length did not match content length"),
    /** A chunk that does not continue the upload where it ends. */
    UPLOAD_RANGE_INVALID(416, "BLOB_UPLOAD_INVALID", "chunk out of order"),
    /** A blob {@code Range} that misses the content. */
    RANGE_NOT_SATISFIABLE(416, "SIZE_INVALID", "requested range not satisfiable"),
    REQUEST_TOO_LARGE(413, "SIZE_INVALID", "request body too large"),
    UNAUTHORIZED(401, "UNAUTHORIZED", "authentication required"),
    DENIED(403, "DENIED", "requested access to the resource is denied"),
    UNSUPPORTED(405, "UNSUPPORTED", "the operation is unsupported"),
    NO_SUCH_ENDPOINT(404, "UNSUPPORTED", "no such endpoint"),
    MALFORMED_REQUEST(400, "UNSUPPORTED", "malformed HTTP request"),
    TOOMANYREQUESTS(429, "TOOMANYREQUESTS", "too many requests"),
    /** Storage is failing or the server is overloaded: a server-side condition, not bad input. */
    UNAVAILABLE(503, "UNAVAILABLE", "service unavailable"),
    /** A bug. */
    UNKNOWN(500, "UNKNOWN", "unknown error");

    private final int status;
    private final String code;
    private final String message;

    ErrorCode(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public int status() {
        return status;
    }

    /** The code in the error envelope. */
    public String code() {
        return code;
    }

    public String defaultMessage() {
        return message;
    }
}
