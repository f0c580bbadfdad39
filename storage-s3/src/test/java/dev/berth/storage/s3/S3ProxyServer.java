package dev.berth.storage.s3;

import java.net.URI;
import java.nio.file.Path;
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
 * S3Proxy in-process on a free local port, with SigV4 checked: one in-memory server per test JVM
 * ({@link #get()}), started on first use, and a bucket per test from {@link #createBucket()}.
 *
 * <p>Public, and shipped in this module's test-jar, for the conformance suite, which runs the
 * registry on it; a client there needs {@link #endpoint()}, {@link #REGION}, path-style access and
 * the two keys. Everything that builds driver objects stays package-private.
 */
public final class S3ProxyServer {

    public static final String ACCESS_KEY = "berth-access";
    public static final String SECRET_KEY = "berth-secret-key";
    /** S3Proxy ignores the region, but SigV4 signs one: clients of this server use this. */
    public static final String REGION = "us-east-1";

    private static S3ProxyServer instance;

    private final BlobStore blobStore;
    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;
    private final S3Presigner presigner;
    private final AtomicInteger buckets = new AtomicInteger();
    private final AtomicConditionalWrites atomic = new AtomicConditionalWrites();

    private S3ProxyServer(String provider, Properties properties) throws Exception {
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET_KEY);
        blobStore = BlobStores.create(provider, properties);
        proxy = S3Proxy.builder()
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
    }

    /** The shared in-memory server; it lives as long as the test JVM. */
    public static synchronized S3ProxyServer get() {
        if (instance == null) {
            instance = start("transient-nio2", new Properties());
        }
        return instance;
    }

    /** A server of its own, keeping objects in files below {@code directory}; caller stops it. */
    public static S3ProxyServer onDisk(Path directory) {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        return start("filesystem-nio2", properties);
    }

    private static S3ProxyServer start(String provider, Properties properties) {
        try {
            return new S3ProxyServer(provider, properties);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
    }

    public void stop() {
        client.close();
        presigner.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The shared client (path-style, {@link #REGION}, the keys above); never closed by callers. */
    public S3Client sharedClient() {
        return client;
    }

    S3Presigner presigner() {
        return presigner;
    }

    /**
     * A new client with the driver's own settings (which the caller closes), calling
     * {@code interceptors} around every request.
     */
    public S3Client client(ExecutionInterceptor... interceptors) {
        return S3Clients.client(config("unused", ""), List.of(interceptors));
    }

    /** The configuration a driver on this server and {@code bucket} needs, 5 MiB parts. */
    public S3StorageConfig config(String bucket, String prefix) {
        return S3StorageConfig.of(bucket, prefix)
                .withEndpoint(endpoint, true)
                .withCredentials(ACCESS_KEY, SECRET_KEY)
                .withPartSize(S3StorageConfig.MIN_PART_SIZE);
    }

    /**
     * A store of its own (which the caller closes) on {@code bucket}, as a server sharing the bucket
     * has, 5 MiB parts; its conditional writes, and those of every other store from here, are
     * decided one at a time per key, as S3 decides them (see {@link AtomicConditionalWrites}).
     */
    public S3Storage newStorage(String bucket, String prefix, S3StorageConfig.Toggle conditionalWrites) {
        return new S3Storage(
                config(bucket, prefix).withConditionalWrites(conditionalWrites),
                client(atomic),
                null,
                ObjectCopier.MAX_SINGLE_COPY,
                true);
    }

    /** A new empty bucket with a name no other call on this server returns. */
    public String createBucket() {
        String bucket = "berth-test-" + buckets.incrementAndGet();
        client.createBucket(r -> r.bucket(bucket));
        return bucket;
    }

    /** Drops the bucket with everything in it, freeing its memory. */
    public void deleteBucket(String bucket) {
        blobStore.deleteContainer(bucket);
    }
}
