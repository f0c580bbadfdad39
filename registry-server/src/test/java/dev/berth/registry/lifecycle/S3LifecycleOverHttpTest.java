package dev.berth.registry.lifecycle;

import dev.berth.storage.Storage;
import dev.berth.storage.s3.S3ProxyServer;
import dev.berth.storage.s3.S3StorageConfig.Toggle;
import org.junit.jupiter.api.AfterEach;

/** {@link LifecycleOverHttpTest} on the S3 driver, against the in-process S3Proxy. */
class S3LifecycleOverHttpTest extends LifecycleOverHttpTest {
    private final S3ProxyServer s3 = S3ProxyServer.get();
    private final String bucket = s3.createBucket();

    @Override
    protected Storage open() {
        return s3.newStorage(bucket, "berth", Toggle.AUTO);
    }

    @AfterEach
    void deleteBucket() {
        s3.deleteBucket(bucket);
    }
}
