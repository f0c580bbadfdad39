package dev.berth.storage.s3;

import dev.berth.storage.Storage;
import dev.berth.storage.StorageContract;

/**
 * The contract kit against the S3 driver on S3Proxy: a fresh bucket per test, a key prefix so that
 * prefix handling is exercised everywhere, and 5 MiB parts so that the kit's larger uploads span
 * several parts.
 */
class S3StorageTest extends StorageContract {

    private final S3ProxyServer server = S3ProxyServer.get();
    private String bucket;

    @Override
    protected Storage newStorage() {
        bucket = server.createBucket();
        return new S3Storage(server.config(bucket, "berth/registry"), server.sharedClient(), server.presigner());
    }

    @Override
    protected void disposeStorage(Storage storage) {
        storage.close();
        server.deleteBucket(bucket);
    }
}
