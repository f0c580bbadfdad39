package dev.berth.registry.testing;

import dev.berth.registry.auth.Auth;
import dev.berth.registry.config.RegistryConfig.HttpConfig;
import dev.berth.registry.content.Registry;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcOptions;
import dev.berth.registry.http.HttpServer;
import dev.berth.registry.http.api.RegistryRoutes;
import dev.berth.registry.lifecycle.Lifecycle;
import dev.berth.registry.lifecycle.LifecycleRules;
import dev.berth.registry.metrics.Metrics;
import dev.berth.registry.notify.Notifier;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/** Berth's HTTP API over a registry the test built, without auth unless given, on a free loopback port. */
public final class LocalServer implements AutoCloseable {
    private final RegistryRoutes routes;
    private final HttpServer http;

    private LocalServer(RegistryRoutes routes, HttpServer http) {
        this.routes = routes;
        this.http = http;
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
                    routes, HttpServer.start(new InetSocketAddress("127.0.0.1", 0), routes.router(), limits));
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
        return URI.create("http://127.0.0.1:" + http.address().getPort());
    }

    @Override
    public void close() {
        http.close();
        routes.close();
    }
}
