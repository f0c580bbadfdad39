package dev.berth.registry.s3;

import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.storage.s3.S3ProxyServer;

/** Server configurations on a bucket of an in-process S3Proxy. */
public final class S3Registry {
    /** The smallest part size S3 allows, so that tests cross part boundaries often. */
    static final long PART_SIZE = 5L * 1024 * 1024;

    private S3Registry() {}

    /** {@code config} with its storage on a new bucket of the shared S3Proxy, under the prefix {@code berth}. */
    public static ConfigLoader onNewBucket(ConfigLoader config) {
        S3ProxyServer s3 = S3ProxyServer.get();
        return onBucket(config, s3, s3.createBucket(), PART_SIZE);
    }

    /** {@code config} with its storage on {@code bucket} of {@code s3} (path-style), under the prefix {@code berth}. */
    public static ConfigLoader onBucket(ConfigLoader config, S3ProxyServer s3, String bucket, long partSize) {
        return config.set(ConfigKey.STORAGE, "s3://" + bucket + "/berth")
                .set(ConfigKey.S3_REGION, S3ProxyServer.REGION)
                .set(ConfigKey.S3_ENDPOINT, s3.endpoint().toString())
                .set(ConfigKey.S3_PATH_STYLE, "true")
                .set(ConfigKey.S3_ACCESS_KEY, S3ProxyServer.ACCESS_KEY)
                .set(ConfigKey.S3_SECRET_KEY, S3ProxyServer.SECRET_KEY)
                .set(ConfigKey.S3_PART_SIZE, Long.toString(partSize));
    }
}
