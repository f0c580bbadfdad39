package dev.berth.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * S3 for the request counts: S3Proxy in this JVM, keeping objects in files under a directory and
 * checking SigV4, behind a {@link CountingProxy} that the registries are pointed at.
 */
final class S3Stack implements AutoCloseable {
    private static final String ACCESS_KEY = "bench-access";
    private static final String SECRET_KEY = "bench-secret-key";

    private final BlobStore store;
    private final S3Proxy proxy;
    private final CountingProxy counter;

    private S3Stack(BlobStore store, S3Proxy proxy, CountingProxy counter) {
        this.store = store;
        this.proxy = proxy;
        this.counter = counter;
    }

    static S3Stack start(Path directory) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET_KEY);
        BlobStore store = BlobStores.create("filesystem-nio2", properties);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
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
        return new S3Stack(store, proxy, CountingProxy.start(proxy.getPort()));
    }

    /** A new bucket, reached through the counting proxy. */
    S3Endpoint bucket(String name) {
        store.createContainer(name);
        return new S3Endpoint(counter.port(), name, ACCESS_KEY, SECRET_KEY);
    }

    CountingProxy counter() {
        return counter;
    }

    @Override
    public void close() throws Exception {
        counter.close();
        proxy.stop();
    }
}
