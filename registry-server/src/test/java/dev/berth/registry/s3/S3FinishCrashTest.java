package dev.berth.registry.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.Storages;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.content.FinishCrashTest;
import dev.berth.storage.Storage;
import dev.berth.storage.s3.S3ProxyServer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@link FinishCrashTest} on a bucket, with chunks that fill a multipart part and leave pieces. A
 * crash while the last chunk is written can leave a multipart upload that no state names; the
 * purge of orphaned multipart uploads removes it, finishing cannot know it.
 */
class S3FinishCrashTest extends FinishCrashTest {
    private final RegistryConfig config =
            S3Registry.onNewBucket(new ConfigLoader()).load();
    private final String bucket =
            config.storage().substring("s3://".length(), config.storage().indexOf('/', 5));
    private final S3Client s3 = S3ProxyServer.get().sharedClient();

    @Override
    protected Storage open() {
        return Storages.open(config);
    }

    @Override
    protected int chunkSize() {
        return 2 * 1024 * 1024 + 100;
    }

    @Override
    protected void assertNoLeftovers(Set<String> orphans) {
        for (String prefix : new String[] {"berth/uploads/", "berth/~uploads/"}) {
            assertThat(s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents())
                    .as(prefix)
                    .isEmpty();
        }
        assertThat(multipartUploads()).extracting(MultipartUpload::uploadId).isSubsetOf(orphans);
    }

    /** Multipart uploads whose upload has no state naming them. */
    @Override
    protected Set<String> orphans() {
        return multipartUploads().stream()
                .filter(upload -> {
                    String state = upload.key().substring(0, upload.key().length() - "data".length()) + "state";
                    try {
                        return !s3.getObjectAsBytes(r -> r.bucket(bucket).key(state))
                                .asUtf8String()
                                .contains(upload.uploadId());
                    } catch (NoSuchKeyException e) {
                        return true;
                    }
                })
                .map(MultipartUpload::uploadId)
                .collect(Collectors.toSet());
    }

    private List<MultipartUpload> multipartUploads() {
        return s3.listMultipartUploads(r -> r.bucket(bucket).prefix("berth/")).uploads();
    }
}
