package dev.berth.storage.s3;

import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * One in-memory S3Proxy per test JVM, started on first use on a free local port, with SigV4
 * checked, and a bucket per test (or class) from {@link #createBucket()}.
 */
final class S3ProxyServer {

    static final String ACCESS_KEY = "berth-access";
    static final String SECRET_KEY = "berth-secret-key";

    private static S3ProxyServer instance;

    private final BlobStore blobStore;
    private final URI endpoint;
    private final S3Client client;
    private final S3Presigner presigner;
    private final AtomicInteger buckets = new AtomicInteger();

    private S3ProxyServer() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET_KEY);
        blobStore = BlobStores.create("transient-nio2", properties);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        client = client();
        presigner = S3Clients.presigner(config("unused", ""));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception ignored) {
                // the JVM is exiting anyway
            }
        }));
    }

    static synchronized S3ProxyServer get() {
        if (instance == null) {
            try {
                instance = new S3ProxyServer();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start S3Proxy", e);
            }
        }
        return instance;
    }

    URI endpoint() {
        return endpoint;
    }

    /** The shared client; never closed. */
    S3Client sharedClient() {
        return client;
    }

    S3Presigner presigner() {
        return presigner;
    }

    /**
     * A new client with the driver's own settings (which the caller closes), calling
     * {@code interceptors} around every request.
     */
    S3Client client(ExecutionInterceptor... interceptors) {
        return S3Clients.client(config("unused", ""), List.of(interceptors));
    }

    /** The configuration a driver on this server and {@code bucket} needs, 5 MiB parts. */
    S3StorageConfig config(String bucket, String prefix) {
        return S3StorageConfig.of(bucket, prefix)
                .withEndpoint(endpoint, true)
                .withCredentials(ACCESS_KEY, SECRET_KEY)
                .withPartSize(S3StorageConfig.MIN_PART_SIZE);
    }

    String createBucket() {
        String bucket = "berth-test-" + buckets.incrementAndGet();
        client.createBucket(r -> r.bucket(bucket));
        return bucket;
    }

    /** Drops the bucket with everything in it, freeing its memory. */
    void deleteBucket(String bucket) {
        blobStore.deleteContainer(bucket);
    }
}
