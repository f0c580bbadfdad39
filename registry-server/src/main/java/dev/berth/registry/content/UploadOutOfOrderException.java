package dev.berth.registry.content;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;

/**
 * A chunk that does not continue the upload where it ends, or that lost a race with another
 * server's chunk: nothing of it was written. Carries where the upload stands, so the client can
 * resume from there.
 */
public final class UploadOutOfOrderException extends RegistryException {
    private final transient UploadStatus committed;

    UploadOutOfOrderException(String message, UploadStatus committed) {
        super(ErrorCode.UPLOAD_RANGE_INVALID, message);
        this.committed = committed;
    }

    /** The upload as committed when the chunk was refused. */
    public UploadStatus committed() {
        return committed;
    }
}
