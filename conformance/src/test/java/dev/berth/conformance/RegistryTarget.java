package dev.berth.conformance;

import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.storage.s3.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The registry under test, one per test JVM, handed to tests as a {@link RegistryClient} parameter.
 *
 * <p>With the system property {@value #URL_PROPERTY} (e.g. {@code -Dregistry.url=http://127.0.0.1:5000})
 * every test talks to that registry. Without it, the first test that asks starts an in-process Berth
 * server on a random loopback port; JUnit closes it (and removes its storage) when the whole run ends,
 * because the handle lives in the root store. Its storage depends on {@value #STORAGE_PROPERTY}:
 * <ul>
 *   <li>{@code fs} (the default): a fresh temporary directory;</li>
 *   <li>{@code s3}: a fresh bucket, key prefix {@code berth}, on S3Proxy started in this JVM (the one
 *       the storage-s3 tests use, from that module's test-jar). Maven's {@code s3} surefire execution
 *       runs the whole suite this way.</li>
 * </ul>
 * Its auth mode depends on {@code registry.auth} (see {@link TargetAuth}): none by default; Maven's
 * {@code token} surefire execution runs the whole suite in token mode as an account allowed
 * everything. It has the immutable tags and quotas of {@link RepositoryRulesUnderTest}, which only
 * repositories of the tests of those rules match.
 */
public final class RegistryTarget implements ParameterResolver, TestExecutionExceptionHandler {

    public static final String URL_PROPERTY = "registry.url";
    public static final String STORAGE_PROPERTY = "registry.storage";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RegistryTarget.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RegistryClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Target.class, key -> Target.open(), Target.class)
                .client();
    }

    /**
     * Names the registry a failing test ran against, with its storage, in the failure's stack trace
     * (as a suppressed exception): the same test fails in more than one Maven execution.
     */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Target target = context.getRoot().getStore(NAMESPACE).get(Target.class, Target.class);
        if (target != null) {
            failure.addSuppressed(new RanAgainst(target.toString()));
        }
        throw failure;
    }

    /** Carries only its message: which registry, on which storage. */
    static final class RanAgainst extends Exception {
        RanAgainst(String target) {
            super("the test ran against " + target, null, false, false);
        }
    }

    /** A started (or remote) registry; closing stops what this JVM started and removes its storage. */
    static final class Target implements AutoCloseable {
        private final RegistryClient client;
        private final RegistryServer server;
        private final Runnable removeStorage;
        private final String description;

        private Target(RegistryClient client, RegistryServer server, Runnable removeStorage, String description) {
            this.client = client;
            this.server = server;
            this.removeStorage = removeStorage;
            this.description = description;
        }

        RegistryClient client() {
            return client;
        }

        static Target open() {
            String url = System.getProperty(URL_PROPERTY, "").trim();
            if (!url.isEmpty()) {
                URI base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
                return new Target(
                        new RegistryClient(base, null).withAuth(TargetAuth.remote()),
                        null,
                        () -> {},
                        "the registry at " + base);
            }
            String storage = System.getProperty(STORAGE_PROPERTY, "").trim();
            return switch (storage) {
                case "", "fs" -> onDirectory();
                case "s3" -> onS3();
                default ->
                    throw new IllegalStateException("-D" + STORAGE_PROPERTY + " must be fs or s3, not " + storage);
            };
        }

        private static Target onDirectory() {
            Path workDir = null;
            try {
                workDir = Files.createTempDirectory("berth-conformance-");
                // Storage sits one level down so that a test can also see anything written beside it.
                Path storage = Files.createDirectory(workDir.resolve("storage"));
                Path root = workDir;
                return start(
                        new ConfigLoader().set(ConfigKey.STORAGE, storage.toString()),
                        new DirectoryStorageView(root),
                        () -> Trees.deleteTree(root));
            } catch (IOException e) {
                if (workDir != null) {
                    Trees.deleteTree(workDir);
                }
                throw new UncheckedIOException(e);
            }
        }

        private static Target onS3() {
            S3ProxyServer s3 = S3ProxyServer.get();
            String bucket = s3.createBucket();
            ConfigLoader config = new ConfigLoader()
                    .set(ConfigKey.STORAGE, "s3://" + bucket + "/berth")
                    .set(ConfigKey.S3_REGION, S3ProxyServer.REGION)
                    .set(ConfigKey.S3_ENDPOINT, s3.endpoint().toString())
                    .set(ConfigKey.S3_PATH_STYLE, "true")
                    .set(ConfigKey.S3_ACCESS_KEY, S3ProxyServer.ACCESS_KEY)
                    .set(ConfigKey.S3_SECRET_KEY, S3ProxyServer.SECRET_KEY);
            return start(
                    config,
                    new BucketStorageView(s3.sharedClient(), s3.endpoint(), bucket),
                    () -> s3.deleteBucket(bucket));
        }

        private static Target start(ConfigLoader config, StorageView storage, Runnable removeFiles) {
            TargetAuth auth = TargetAuth.inProcess();
            Runnable removeStorage = () -> {
                try {
                    removeFiles.run();
                } finally {
                    auth.close();
                }
            };
            try {
                RegistryServer server = RegistryServer.start(auth.apply(RepositoryRulesUnderTest.apply(config))
                        .set(ConfigKey.LISTEN, "127.0.0.1:0")
                        .load());
                URI base = URI.create("http://127.0.0.1:" + server.port());
                String description = "in-process Berth at " + base + " on " + storage + ", " + auth;
                System.out.println("conformance: " + description);
                return new Target(
                        new RegistryClient(base, storage).withAuth(auth.client()), server, removeStorage, description);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                removeStorage.run();
                throw new IllegalStateException("interrupted while starting the in-process registry", e);
            } catch (RuntimeException e) {
                removeStorage.run();
                throw new IllegalStateException("could not start the in-process registry on " + storage, e);
            }
        }

        @Override
        public String toString() {
            return description;
        }

        @Override
        public void close() {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                removeStorage.run();
            }
        }
    }
}
