package dev.berth.conformance;

import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.RegistryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The registry under test, one per test JVM, handed to tests as a {@link RegistryClient} parameter.
 *
 * <p>With the system property {@value #URL_PROPERTY} (e.g. {@code -Dregistry.url=http://127.0.0.1:5000})
 * every test talks to that registry. Without it, the first test that asks starts an in-process Berth
 * server on a random loopback port with its storage in a fresh temporary directory; JUnit closes it
 * (and deletes the directory) when the whole run ends, because the handle lives in the root store.
 */
public final class RegistryTarget implements ParameterResolver {

    public static final String URL_PROPERTY = "registry.url";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RegistryTarget.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RegistryClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Target.class, key -> Target.open(), Target.class)
                .client();
    }

    /** A started (or remote) registry; closing stops what this JVM started and removes its files. */
    static final class Target implements AutoCloseable {
        private final RegistryClient client;
        private final RegistryServer server;
        private final Path workDir;

        private Target(RegistryClient client, RegistryServer server, Path workDir) {
            this.client = client;
            this.server = server;
            this.workDir = workDir;
        }

        RegistryClient client() {
            return client;
        }

        static Target open() {
            String url = System.getProperty(URL_PROPERTY, "").trim();
            if (!url.isEmpty()) {
                URI base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
                return new Target(new RegistryClient(base, null, null), null, null);
            }
            Path workDir = null;
            try {
                workDir = Files.createTempDirectory("berth-conformance-");
                // Storage sits one level down so that a test can also see anything written beside it.
                Path storage = Files.createDirectory(workDir.resolve("storage"));
                RegistryConfig config = RegistryConfig.defaults()
                        .withListen("127.0.0.1:0")
                        .withStorage(storage.toString());
                RegistryServer server = RegistryServer.start(config);
                URI base = URI.create("http://127.0.0.1:" + server.port());
                return new Target(new RegistryClient(base, workDir, storage), server, workDir);
            } catch (Exception e) {
                if (workDir != null) {
                    deleteTree(workDir);
                }
                throw new IllegalStateException("could not start the in-process registry", e);
            }
        }

        @Override
        public void close() throws Exception {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                if (workDir != null) {
                    deleteTree(workDir);
                }
            }
        }

        private static void deleteTree(Path root) {
            if (!Files.exists(root)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
