package dev.berth.storage.s3;

import dev.berth.storage.Storage;
import dev.berth.storage.StorageContract;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The contract kit against a real MinIO server in a container. Opt-in, since it pulls an image from
 * a public registry: it runs only with {@code -Dberth.minio=true} (image {@code minio/minio}, or
 * {@code -Dberth.minio.image=...} for a mirror) and where a Docker engine answers, and is skipped
 * otherwise. The system-property condition comes first so that nothing even looks for Docker by
 * default.
 */
@EnabledIfSystemProperty(named = "berth.minio", matches = "true")
@Testcontainers(disabledWithoutDocker = true)
class MinioStorageTest extends StorageContract {

    private static final String USER = "berth-minio";
    private static final String PASSWORD = "berth-minio-secret";

    private static GenericContainer<?> minio;
    private static URI endpoint;
    private static S3Client client;
    private String bucket;

    @BeforeAll
    static void startMinio() {
        String image = System.getProperty("berth.minio.image", "minio/minio");
        minio = new GenericContainer<>(DockerImageName.parse(image))
                .withEnv("MINIO_ROOT_USER", USER)
                .withEnv("MINIO_ROOT_PASSWORD", PASSWORD)
                .withCommand("server", "/data")
                .withExposedPorts(9000)
                .waitingFor(Wait.forHttp("/minio/health/live").forPort(9000));
        minio.start();
        endpoint = URI.create("http://" + minio.getHost() + ":" + minio.getMappedPort(9000));
        client = S3Clients.client(config("unused"));
    }

    @AfterAll
    static void stopMinio() {
        if (client != null) {
            client.close();
        }
        if (minio != null) {
            minio.stop();
        }
    }

    private static S3StorageConfig config(String bucket) {
        return S3StorageConfig.of(bucket, "berth")
                .withEndpoint(endpoint, true)
                .withCredentials(USER, PASSWORD)
                .withPartSize(S3StorageConfig.MIN_PART_SIZE);
    }

    @Override
    protected Storage newStorage() {
        bucket = "berth-" + UUID.randomUUID();
        client.createBucket(r -> r.bucket(bucket));
        return new S3Storage(config(bucket), client, null);
    }

    @Override
    protected void disposeStorage(Storage storage) {
        storage.close();
        client.listMultipartUploadsPaginator(r -> r.bucket(bucket))
                .uploads()
                .forEach(u -> client.abortMultipartUpload(
                        r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
        client.listObjectsV2Paginator(r -> r.bucket(bucket))
                .contents()
                .forEach(o -> client.deleteObject(r -> r.bucket(bucket).key(o.key())));
        client.deleteBucket(r -> r.bucket(bucket));
    }
}
