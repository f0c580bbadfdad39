package dev.berth.registry.testing;

import dev.berth.registry.auth.Auth;
import dev.berth.registry.config.RegistryConfig.HttpConfig;
import dev.berth.registry.content.Registry;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcOptions;
import dev.berth.registry.http.HttpServer;
import dev.berth.registry.http.api.RegistryRoutes;
import dev.berth.registry.http.tls.ServerTls;
import dev.berth.registry.lifecycle.Lifecycle;
import dev.berth.registry.lifecycle.LifecycleRules;
import dev.berth.registry.metrics.Metrics;
import dev.berth.registry.notify.Notifier;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * Berth's HTTP API over a registry the test built, without auth unless given, on a free loopback
 * port: plain HTTP, or HTTPS with a {@link ServerTls} the test holds (and reloads when it wants).
 */
public final class LocalServer implements AutoCloseable {
    private final RegistryRoutes routes;
    private final HttpServer http;
    private final String scheme;

    private LocalServer(RegistryRoutes routes, HttpServer http, String scheme) {
        this.routes = routes;
        this.http = http;
        this.scheme = scheme;
    }

    public static LocalServer start(Registry registry, HttpConfig limits) throws InterruptedException {
        return start(registry, Auth.none(), limits);
    }

    public static LocalServer start(Registry registry, Auth auth, HttpConfig limits) throws InterruptedException {
        return start(registry, auth, limits, new Lifecycle(registry, Clock.systemUTC(), LifecycleRules.none()));
    }

    /** With {@code lifecycle} for {@code /admin/lifecycle}. */
    public static LocalServer start(Registry registry, Auth auth, HttpConfig limits, Lifecycle lifecycle)
            throws InterruptedException {
        return start(registry, auth, limits, lifecycle, Optional.empty());
    }

    /** Over HTTPS with {@code tls}, which the caller closes. */
    public static LocalServer start(Registry registry, ServerTls tls) throws InterruptedException {
        return start(
                registry,
                Auth.none(),
                HttpConfig.defaults(),
                new Lifecycle(registry, Clock.systemUTC(), LifecycleRules.none()),
                Optional.of(tls));
    }

    private static LocalServer start(
            Registry registry, Auth auth, HttpConfig limits, Lifecycle lifecycle, Optional<ServerTls> tls)
            throws InterruptedException {
        RegistryRoutes routes = RegistryRoutes.build(
                registry,
                auth,
                null,
                new GarbageCollector(registry, Clock.systemUTC()),
                GcOptions.defaults(),
                Metrics.none(),
                Optional.empty(),
                lifecycle,
                Notifier.NONE);
        try {
            return new LocalServer(
                    routes,
                    HttpServer.start(new InetSocketAddress("127.0.0.1", 0), routes.router(), limits, tls),
                    tls.isPresent() ? "https" : "http");
        } catch (RuntimeException | InterruptedException e) {
            routes.close();
            throw e;
        }
    }

    public static LocalServer start(Registry registry) throws InterruptedException {
        return start(registry, HttpConfig.defaults());
    }

    public InetSocketAddress address() {
        return http.address();
    }

    public URI base() {
        return URI.create(scheme + "://127.0.0.1:" + http.address().getPort());
    }

    @Override
    public void close() {
        http.close();
        routes.close();
    }
}
