package dev.berth.conformance.interop;

import dev.berth.storage.s3.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link BerthProcess} keeps its content, chosen by {@value #PROPERTY}: {@code fs} (the
 * default) a directory beside the server's copy of the jar, passed with {@code --storage}; {@code s3}
 * a fresh bucket (key prefix {@code berth}) on S3Proxy running in the test JVM, passed the way an
 * operator would, through {@code BERTH_STORAGE} and the {@code BERTH_S3_*} environment variables.
 * Maven's {@code s3} failsafe execution runs every interop test this way.
 */
abstract sealed class BerthStorage implements AutoCloseable {

    static final String PROPERTY = "berth.storage";

    /** Storage for a server whose private directory is {@code workDir}. */
    static BerthStorage create(Path workDir) throws IOException {
        String kind = System.getProperty(PROPERTY, "").trim();
        return switch (kind) {
            case "", "fs" -> new Directory(Files.createDirectory(workDir.resolve("storage")));
            case "s3" -> new Bucket(SharedS3Proxy.SERVER);
            default -> throw new IllegalStateException("-D" + PROPERTY + " must be fs or s3, not " + kind);
        };
    }

    /** A fresh bucket on the test JVM's S3Proxy, whatever {@value #PROPERTY} says: for several servers at once. */
    static BerthStorage sharedBucket() {
        return new Bucket(SharedS3Proxy.SERVER);
    }

    /** Command-line arguments of {@code berth serve}. */
    abstract List<String> arguments();

    /** Environment variables of the server process. */
    abstract Map<String, String> environment();

    /** Removes what the server stored; called once the server has exited. */
    @Override
    public abstract void close();

    /** For messages: "directory ..." or "S3 bucket ... at ...". */
    @Override
    public abstract String toString();

    private static final class Directory extends BerthStorage {
        private final Path directory;

        Directory(Path directory) {
            this.directory = directory;
        }

        @Override
        List<String> arguments() {
            return List.of("--storage", directory.toString());
        }

        @Override
        Map<String, String> environment() {
            return Map.of();
        }

        @Override
        public void close() {
            // The directory goes with the server's whole temporary directory.
        }

        @Override
        public String toString() {
            return "directory " + directory;
        }
    }

    private static final class Bucket extends BerthStorage {
        private final S3ProxyServer s3;
        private final String bucket;

        Bucket(S3ProxyServer s3) {
            this.s3 = s3;
            this.bucket = s3.createBucket();
        }

        @Override
        List<String> arguments() {
            return List.of();
        }

        @Override
        Map<String, String> environment() {
            return Map.of(
                    "BERTH_STORAGE",
                    "s3://" + bucket + "/berth",
                    "BERTH_S3_REGION",
                    S3ProxyServer.REGION,
                    "BERTH_S3_ENDPOINT",
                    s3.endpoint().toString(),
                    "BERTH_S3_PATH_STYLE",
                    "true",
                    "BERTH_S3_ACCESS_KEY",
                    S3ProxyServer.ACCESS_KEY,
                    "BERTH_S3_SECRET_KEY",
                    S3ProxyServer.SECRET_KEY);
        }

        @Override
        public void close() {
            s3.deleteBucket(bucket);
        }

        @Override
        public String toString() {
            return "S3 bucket " + bucket + " at " + s3.endpoint() + " (S3Proxy)";
        }
    }

    /**
     * One S3Proxy per test JVM, keeping objects in files: a test may push gigabytes, which an
     * in-memory store would hold on this JVM's heap (twice, while it assembles a multipart upload).
     */
    private static final class SharedS3Proxy {
        static final S3ProxyServer SERVER = start();

        private static S3ProxyServer start() {
            Path directory;
            try {
                directory = TempDirs.create("berth-interop-s3-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            S3ProxyServer server = S3ProxyServer.onDisk(directory);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                server.stop();
                                TempDirs.deleteTree(directory);
                            },
                            "s3proxy-stopper"));
            return server;
        }
    }
}
