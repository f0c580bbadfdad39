package dev.berth.registry;

import dev.berth.registry.auth.Auth;
import dev.berth.registry.auth.modes.AuthFactory;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.content.Registry;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcOptions;
import dev.berth.registry.gc.GcSchedule;
import dev.berth.registry.http.HttpServer;
import dev.berth.registry.http.api.RegistryRoutes;
import dev.berth.registry.http.tls.ServerTls;
import dev.berth.registry.lifecycle.Lifecycle;
import dev.berth.registry.lifecycle.LifecycleRules;
import dev.berth.registry.metrics.CacheMetrics;
import dev.berth.registry.metrics.GcMetrics;
import dev.berth.registry.metrics.Metrics;
import dev.berth.registry.notify.Notifier;
import dev.berth.registry.notify.Source;
import dev.berth.registry.notify.WebhookNotifier;
import dev.berth.storage.Storage;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Berth: storage, registry content, background upload cleanup, scheduled garbage
 * collection, webhook notifications, the HTTP server (HTTPS with certificate files it watches,
 * when configured) and the metrics every part records into, built from one {@link
 * RegistryConfig}. The CLI and in-process tests both start it here.
 */
public final class RegistryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);
    /** On shutdown, how long events still queued for webhook endpoints may take to go out. */
    static final Duration NOTIFICATION_FLUSH_GRACE = Duration.ofSeconds(5);

    private final RegistryConfig config;
    private final Metrics metrics;
    private final Storage storage;
    private final Registry registry;
    private final RegistryRoutes routes;
    private final HttpServer http;
    private final Optional<ServerTls> tls;
    private final Optional<HttpServer> metricsHttp;
    private final ScheduledExecutorService janitor;
    private final GarbageCollector collector;
    private final Optional<GcSchedule> gcSchedule;
    private final WebhookNotifier notifier;

    private RegistryServer(
            RegistryConfig config,
            Metrics metrics,
            Storage storage,
            Registry registry,
            RegistryRoutes routes,
            HttpServer http,
            Optional<ServerTls> tls,
            Optional<HttpServer> metricsHttp,
            ScheduledExecutorService janitor,
            GarbageCollector collector,
            Optional<GcSchedule> gcSchedule,
            WebhookNotifier notifier) {
        this.config = config;
        this.metrics = metrics;
        this.storage = storage;
        this.registry = registry;
        this.routes = routes;
        this.http = http;
        this.tls = tls;
        this.metricsHttp = metricsHttp;
        this.janitor = janitor;
        this.collector = collector;
        this.gcSchedule = gcSchedule;
        this.notifier = notifier;
    }

    public static RegistryServer start(RegistryConfig config) throws InterruptedException {
        LifecycleRules rules = LifecycleRules.of(config.lifecycle());
        // Unusable certificate files stop the server before it touches storage.
        Optional<ServerTls> tls = config.tls().enabled() ? Optional.of(ServerTls.load(config.tls())) : Optional.empty();
        Optional<InetSocketAddress> metricsAddress =
                config.metrics().listen().map(listen -> address(ConfigKey.METRICS_LISTEN, listen));
        Metrics metrics = Metrics.start();
        Storage storage;
        try {
            storage = Storages.open(config, metrics.registry());
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        Registry registry = new Registry(storage, Clock.systemUTC(), config.gc().grace(), config.repositories());
        CacheMetrics.bind(metrics.registry(), registry.caches());
        Lifecycle lifecycle = new Lifecycle(registry, Clock.systemUTC(), rules);
        GarbageCollector collector = new GarbageCollector(
                registry, Clock.systemUTC(), new GcMetrics(metrics.registry(), Clock.systemUTC()), lifecycle);
        Auth auth;
        RegistryRoutes routes = null;
        HttpServer http = null;
        Optional<HttpServer> metricsHttp = Optional.empty();
        WebhookNotifier notifier = null;
        try {
            auth = AuthFactory.create(config.auth(), new StoredKeyDirectory(storage));
            CacheMetrics.bind(metrics.registry(), auth.caches());
            notifier = WebhookNotifier.create(config.notifications(), metrics.registry(), NOTIFICATION_FLUSH_GRACE);
            routes = RegistryRoutes.build(
                    registry,
                    auth,
                    config.auth().realm().orElse(null),
                    collector,
                    GcOptions.of(config),
                    metrics.registry(),
                    metricsAddress.isPresent() ? Optional.empty() : Optional.of(metrics::scrape),
                    lifecycle,
                    notifier.isEmpty() ? Notifier.NONE : notifier);
            http = HttpServer.start(address(ConfigKey.LISTEN, config.listen()), routes.router(), config.http(), tls);
            if (metricsAddress.isPresent()) {
                metricsHttp = Optional.of(
                        HttpServer.start(metricsAddress.get(), routes.metricsOnly(metrics::scrape), config.http()));
            }
        } catch (RuntimeException | InterruptedException e) {
            if (http != null) {
                http.close();
            }
            if (routes != null) {
                routes.close();
            }
            if (notifier != null) {
                notifier.close();
            }
            storage.close();
            metrics.close();
            throw e;
        }
        if (!notifier.isEmpty()) {
            notifier.start(Source.thisHost(http.address().getPort()));
        }
        ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-upload-janitor");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.uploadPurgeInterval().toSeconds());
        janitor.scheduleWithFixedDelay(
                () -> {
                    try {
                        int removed = registry.uploads().purgeIdle(config.uploadPurgeAge());
                        if (removed > 0) {
                            LOG.info(
                                    "removed {} upload sessions idle for more than {}",
                                    removed,
                                    config.uploadPurgeAge());
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("idle upload cleanup failed; will retry", e);
                    }
                },
                every,
                every,
                TimeUnit.SECONDS);
        long heartbeat = Auth.KEY_HEARTBEAT.toSeconds();
        janitor.scheduleWithFixedDelay(auth.keyHeartbeat(), heartbeat, heartbeat, TimeUnit.SECONDS);
        Optional<GcSchedule> gcSchedule =
                GcSchedule.start(collector, config.gc().interval(), GcOptions.of(config));
        tls.ifPresent(ServerTls::watch);
        RegistryServer server = new RegistryServer(
                config,
                metrics,
                storage,
                registry,
                routes,
                http,
                tls,
                metricsHttp,
                janitor,
                collector,
                gcSchedule,
                notifier);
        LOG.info(
                "Berth listening on {} ({}), storage {}, auth {}",
                shown(config.listen(), http),
                tls.isPresent() ? "https" : "http",
                Storages.describe(config),
                auth.mode());
        metricsHttp.ifPresent(m -> LOG.info(
                "metrics on {}/metrics", shown(config.metrics().listen().orElseThrow(), m)));
        return server;
    }

    public int port() {
        return http.address().getPort();
    }

    public InetSocketAddress address() {
        return http.address();
    }

    /** Where {@code metrics.listen} serves {@code /metrics}; empty when it is unset. */
    public Optional<InetSocketAddress> metricsAddress() {
        return metricsHttp.map(HttpServer::address);
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
        metricsHttp.ifPresent(HttpServer::close);
        tls.ifPresent(ServerTls::close);
        routes.close();
        notifier.close();
        try {
            registry.probe().remove();
        } catch (RuntimeException e) {
            LOG.debug("could not remove the readiness probe's object", e);
        }
        storage.close();
        metrics.close();
    }

    /** The configured address with the port actually bound (port 0 picks one). */
    private static String shown(String listen, HttpServer server) {
        return listen.substring(0, listen.lastIndexOf(':') + 1)
                + server.address().getPort();
    }

    static InetSocketAddress address(ConfigKey key, String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException(key.key() + ": expected HOST:PORT, got " + listen);
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(listen.substring(colon + 1));
            return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key.key() + ": invalid address " + listen);
        }
    }
}
