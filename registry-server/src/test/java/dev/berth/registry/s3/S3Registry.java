package dev.berth.registry.s3;

import dev.berth.registry.config.RegistryConfig;
import dev.berth.storage.s3.S3ProxyServer;
import java.util.Map;

/** Server configurations on a fresh bucket of the in-process S3Proxy. */
public final class S3Registry {
    /** The smallest part size S3 allows, so that tests cross part boundaries often. */
    static final long PART_SIZE = 5L * 1024 * 1024;

    private S3Registry() {}

    /** {@code base} with its storage on a new bucket, under the prefix {@code berth}. */
    public static RegistryConfig onNewBucket(RegistryConfig base) {
        S3ProxyServer s3 = S3ProxyServer.get();
        String bucket = s3.createBucket();
        return base.withStorage("s3://" + bucket + "/berth").withStorageSettings(settings(s3, PART_SIZE));
    }

    /** The {@code s3.*} settings that reach {@code s3} with path-style addressing. */
    public static Map<String, String> settings(S3ProxyServer s3, long partSize) {
        return Map.of("s3.region", S3ProxyServer.REGION, "s3.endpoint", s3.endpoint().toString(),
                "s3.path-style", "true", "s3.access-key", S3ProxyServer.ACCESS_KEY,
                "s3.secret-key", S3ProxyServer.SECRET_KEY, "s3.part-size", Long.toString(partSize));
    }
}
