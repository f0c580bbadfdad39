package dev.berth.registry.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.Storages;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.content.FinishCrashTest;
import dev.berth.storage.Storage;
import dev.berth.storage.s3.S3ProxyServer;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link FinishCrashTest} on a bucket, with chunks that fill a multipart part and leave pieces. */
class S3FinishCrashTest extends FinishCrashTest {
    private final RegistryConfig config = S3Registry.onNewBucket(RegistryConfig.defaults());
    private final String bucket = config.storage().substring("s3://".length(), config.storage().indexOf('/', 5));

    @Override
    protected Storage open() {
        return Storages.open(config);
    }

    @Override
    protected int chunkSize() {
        return 2 * 1024 * 1024 + 100;
    }

    @Override
    protected void assertNoLeftovers() {
        S3Client s3 = S3ProxyServer.get().sharedClient();
        for (String prefix : new String[] {"berth/uploads/", "berth/~uploads/"}) {
            assertThat(s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents()).as(prefix).isEmpty();
        }
        assertThat(s3.listMultipartUploads(r -> r.bucket(bucket).prefix("berth/")).uploads()).isEmpty();
    }
}
