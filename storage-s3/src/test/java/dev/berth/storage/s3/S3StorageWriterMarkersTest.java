package dev.berth.storage.s3;

import dev.berth.storage.Storage;
import dev.berth.storage.StorageContract;
import dev.berth.storage.s3.S3StorageConfig.Toggle;

/** The contract kit against the S3 driver with conditional writes off: writers keep apart by markers. */
class S3StorageWriterMarkersTest extends StorageContract {

    private final S3ProxyServer server = S3ProxyServer.get();
    private String bucket;

    @Override
    protected Storage newStorage() {
        bucket = server.createBucket();
        return new S3Storage(
                server.config(bucket, "berth/registry").withConditionalWrites(Toggle.OFF),
                server.sharedClient(),
                server.presigner());
    }

    @Override
    protected void disposeStorage(Storage storage) {
        storage.close();
        server.deleteBucket(bucket);
    }
}
