package dev.berth.registry.s3;

import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.config.S3Config;
import dev.berth.storage.s3.S3ProxyServer;
import java.time.Duration;

/** Server configurations on a fresh bucket of the in-process S3Proxy. */
public final class S3Registry {
    /** The smallest part size S3 allows, so that tests cross part boundaries often. */
    static final long PART_SIZE = 5L * 1024 * 1024;

    private S3Registry() {}

    /** {@code base} with its storage on a new bucket, under the prefix {@code berth}. */
    public static RegistryConfig onNewBucket(RegistryConfig base) {
        S3ProxyServer s3 = S3ProxyServer.get();
        String bucket = s3.createBucket();
        return base.withStorage("s3://" + bucket + "/berth")
                .withS3(new S3Config(S3ProxyServer.REGION, s3.endpoint().toString(), true, S3ProxyServer.ACCESS_KEY,
                        S3ProxyServer.SECRET_KEY, PART_SIZE, false, Duration.ofMinutes(15)));
    }
}
