package dev.berth.storage.s3;

import dev.berth.storage.StorageException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK failures into the SPI's exceptions. By the time an {@link SdkException} reaches here the
 * client has already retried what was safe to retry (throttling, 5xx, timeouts), so what is left is
 * reported, never retried again.
 */
final class S3Errors {

    private S3Errors() {}

    /** Runs one S3 call, reporting its failure as a {@link StorageException} about {@code what}. */
    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failure(what, e);
        }
    }

    static StorageException failure(String what, SdkException e) {
        return new StorageException(what + ": " + e.getMessage(), e);
    }

    /** No such key (or upload), as opposed to a missing bucket, which is a configuration fault. */
    static boolean isNotFound(SdkException e) {
        return status(e) == 404 && !"NoSuchBucket".equals(code(e));
    }

    /** The range asked for starts at or beyond the object's end. */
    static boolean isInvalidRange(SdkException e) {
        return status(e) == 416;
    }

    static boolean isPreconditionFailed(SdkException e) {
        return status(e) == 412;
    }

    /** S3's 409 ConditionalRequestConflict: a conditional write raced another write of the key. */
    static boolean isConflict(SdkException e) {
        return status(e) == 409;
    }

    /** The service refused the request as such (4xx, or 501 Not Implemented), not for a passing fault. */
    static boolean isRefusal(SdkException e) {
        int status = status(e);
        return status >= 400 && status < 500 || status == 501;
    }

    private static int status(SdkException e) {
        return e instanceof AwsServiceException service ? service.statusCode() : 0;
    }

    private static String code(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return null;
    }
}
