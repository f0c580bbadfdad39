package dev.berth.storage.s3;

import dev.berth.storage.s3.S3StorageConfig.Toggle;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Whether the service honours conditional {@code PutObject} ({@code If-None-Match: *} and
 * {@code If-Match: <etag>}, in AWS S3 since 2024, in MinIO and others). Set in the configuration,
 * or probed once, on the first upload: a service that ignores either header would make every
 * conditional write succeed, so the probe checks that both refuse what they must. A service that
 * fails the probe gets {@link WriterIntents} instead, with a warning.
 */
final class ConditionalWrites {

    private static final Logger log = LoggerFactory.getLogger(ConditionalWrites.class);

    private final S3Client s3;
    private final String bucket;
    private final String probeKey;
    private final Toggle setting;
    private volatile Boolean supported;

    ConditionalWrites(S3Client s3, String bucket, S3Keys keys, Toggle setting) {
        this.s3 = s3;
        this.bucket = bucket;
        this.probeKey = keys.driverObject("conditional-write-probe-" + UUID.randomUUID());
        this.setting = setting;
    }

    boolean supported() {
        Boolean known = supported;
        if (known == null) {
            synchronized (this) {
                if (supported == null) {
                    supported = switch (setting) {
                        case ON -> true;
                        case OFF -> false;
                        case AUTO -> probe();
                    };
                }
                known = supported;
            }
        }
        return known;
    }

    private boolean probe() {
        boolean honoured;
        try {
            String eTag = s3.putObject(
                            r -> r.bucket(bucket).key(probeKey).ifNoneMatch("*"), RequestBody.fromBytes(new byte[] {1}))
                    .eTag();
            honoured = refused(() -> s3.putObject(
                            r -> r.bucket(bucket).key(probeKey).ifNoneMatch("*"),
                            RequestBody.fromBytes(new byte[] {2})))
                    && refused(() -> s3.putObject(
                            r -> r.bucket(bucket).key(probeKey).ifMatch("\"0" + eTag.replace("\"", "") + "\""),
                            RequestBody.fromBytes(new byte[] {3})))
                    && s3.putObject(
                                            r -> r.bucket(bucket).key(probeKey).ifMatch(eTag),
                                            RequestBody.fromBytes(new byte[] {4}))
                                    .eTag()
                            != null;
        } catch (SdkException e) {
            if (!S3Errors.isRefusal(e)) {
                throw S3Errors.failure("cannot probe for conditional writes", e);
            }
            honoured = false;
            log.debug("conditional write probe refused", e);
        } finally {
            S3Errors.call(
                    "cannot delete " + probeKey,
                    () -> s3.deleteObject(r -> r.bucket(bucket).key(probeKey)));
        }
        if (!honoured) {
            log.warn("the S3 service does not honour conditional writes (If-None-Match, If-Match): upload "
                    + "writers on several servers are kept apart with marker objects and listings instead "
                    + "(set s3.conditional-writes to true or false to skip this check)");
        }
        return honoured;
    }

    /** Whether {@code call} failed with 412 Precondition Failed, as a conditional write must. */
    private static boolean refused(Runnable call) {
        try {
            call.run();
            return false;
        } catch (SdkException e) {
            if (S3Errors.isPreconditionFailed(e)) {
                return true;
            }
            throw e;
        }
    }
}
