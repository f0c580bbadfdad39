package dev.berth.registry;

import dev.berth.registry.auth.Auth;
import dev.berth.registry.auth.modes.AuthFactory;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.content.Registry;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcOptions;
import dev.berth.registry.gc.GcSchedule;
import dev.berth.registry.http.HttpServer;
import dev.berth.registry.http.api.RegistryRoutes;
import dev.berth.registry.http.tls.ServerTls;
import dev.berth.storage.Storage;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Berth: storage, registry content, background upload cleanup, scheduled garbage
 * collection and the HTTP server (HTTPS with certificate files it watches, when configured), built
 * from one {@link RegistryConfig}. The CLI and in-process tests both start it here.
 */
public final class RegistryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);

    private final RegistryConfig config;
    private final Storage storage;
    private final Registry registry;
    private final RegistryRoutes routes;
    private final HttpServer http;
    private final Optional<ServerTls> tls;
    private final ScheduledExecutorService janitor;
    private final GarbageCollector collector;
    private final Optional<GcSchedule> gcSchedule;

    private RegistryServer(RegistryConfig config, Storage storage, Registry registry, RegistryRoutes routes,
            HttpServer http, Optional<ServerTls> tls, ScheduledExecutorService janitor, GarbageCollector collector,
            Optional<GcSchedule> gcSchedule) {
        this.config = config;
        this.storage = storage;
        this.registry = registry;
        this.routes = routes;
        this.http = http;
        this.tls = tls;
        this.janitor = janitor;
        this.collector = collector;
        this.gcSchedule = gcSchedule;
    }

    public static RegistryServer start(RegistryConfig config) throws InterruptedException {
        // Unusable certificate files stop the server before it touches storage.
        Optional<ServerTls> tls = config.tls().enabled() ? Optional.of(ServerTls.load(config.tls()))
                : Optional.empty();
        Storage storage = Storages.open(config);
        Registry registry = new Registry(storage, Clock.systemUTC(), config.gc().grace());
        GarbageCollector collector = new GarbageCollector(registry, Clock.systemUTC());
        Auth auth;
        RegistryRoutes routes = null;
        HttpServer http;
        try {
            auth = AuthFactory.create(config.auth(), new StoredKeyDirectory(storage));
            routes = RegistryRoutes.build(registry, auth, config.auth().realm().orElse(null), collector,
                    GcOptions.of(config));
            http = HttpServer.start(address(config.listen()), routes.router(), config.http(), tls);
        } catch (RuntimeException | InterruptedException e) {
            if (routes != null) {
                routes.close();
            }
            storage.close();
            throw e;
        }
        ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-upload-janitor");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.uploadPurgeInterval().toSeconds());
        janitor.scheduleWithFixedDelay(() -> {
            try {
                int removed = registry.uploads().purgeIdle(config.uploadPurgeAge());
                if (removed > 0) {
                    LOG.info("removed {} upload sessions idle for more than {}", removed, config.uploadPurgeAge());
                }
            } catch (RuntimeException e) {
                LOG.warn("idle upload cleanup failed; will retry", e);
            }
        }, every, every, TimeUnit.SECONDS);
        long heartbeat = Auth.KEY_HEARTBEAT.toSeconds();
        janitor.scheduleWithFixedDelay(auth.keyHeartbeat(), heartbeat, heartbeat, TimeUnit.SECONDS);
        Optional<GcSchedule> gcSchedule = GcSchedule.start(collector, config.gc().interval(), GcOptions.of(config));
        tls.ifPresent(ServerTls::watch);
        RegistryServer server = new RegistryServer(config, storage, registry, routes, http, tls, janitor, collector,
                gcSchedule);
        String listen = config.listen().substring(0, config.listen().lastIndexOf(':') + 1) + http.address().getPort();
        LOG.info("Berth listening on {} ({}), storage {}, auth {}", listen, tls.isPresent() ? "https" : "http",
                Storages.describe(config), auth.mode());
        return server;
    }

    public int port() {
        return http.address().getPort();
    }

    public InetSocketAddress address() {
        return http.address();
    }

    /** Garbage collection of this server's store, for on-demand runs (the scheduled ones use it too). */
    public GarbageCollector garbageCollector() {
        return collector;
    }

    /** Stops accepting, lets requests in progress finish within the configured timeout, closes. */
    @Override
    public void close() {
        gcSchedule.ifPresent(GcSchedule::close);
        collector.cancel();
        janitor.shutdownNow();
        http.shutdown(config.shutdownTimeout());
        tls.ifPresent(ServerTls::close);
        routes.close();
        try {
            registry.probe().remove();
        } catch (RuntimeException e) {
            LOG.debug("could not remove the readiness probe's object", e);
        }
        storage.close();
    }

    static InetSocketAddress address(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException("listen: expected HOST:PORT, got " + listen);
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(listen.substring(colon + 1));
            return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("listen: invalid address " + listen);
        }
    }
}
