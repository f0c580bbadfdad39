package dev.berth.registry.http.api;

import dev.berth.registry.http.Guarded;
import dev.berth.registry.http.Router;

import static dev.berth.registry.http.Guarded.authenticated;
import static dev.berth.registry.http.Guarded.catalog;
import static dev.berth.registry.http.Guarded.delete;
import static dev.berth.registry.http.Guarded.pull;
import static dev.berth.registry.http.Guarded.push;
import static dev.berth.registry.http.Guarded.unguarded;
import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.HEAD;
import static io.netty.handler.codec.http.HttpMethod.PATCH;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import dev.berth.registry.auth.Auth;
import dev.berth.registry.auth.TokenEndpoint;
import dev.berth.registry.content.Registry;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcOptions;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Berth's HTTP API: every route of the distribution spec, the token service, health and
 * administration, with the endpoint serving each method and the access it needs. Closing it stops
 * the readiness probe's thread.
 */
public final class RegistryRoutes implements AutoCloseable {
    private static final String NAME = "/v2/(?<name>.+)";
    private static final String PARAM = "(?<param>[^/]+)";

    private final Router router;
    private final HealthHandler health;

    private RegistryRoutes(Router router, HealthHandler health) {
        this.router = router;
        this.health = health;
    }

    /**
     * @param externalBase the registry's URL as clients see it (for auth challenges), or null to
     *     take it from each request's {@code Host} header
     * @param collector    runs garbage collection for {@code POST /admin/gc}, with {@code gcDefaults}
     */
    public static RegistryRoutes build(Registry registry, Auth auth, String externalBase, GarbageCollector collector,
            GcOptions gcDefaults) {
        HealthHandler health =
                new HealthHandler(registry.probe()::check, HealthHandler.PROBE_TIMEOUT, HealthHandler.REUSE_FOR);
        return new RegistryRoutes(routes(registry, auth, externalBase, new AdminHandler(collector, gcDefaults), health),
                health);
    }

    /** The routes to serve. */
    public Router router() {
        return router;
    }

    @Override
    public void close() {
        health.close();
    }

    private static Router routes(Registry registry, Auth auth, String externalBase, AdminHandler admin,
            HealthHandler health) {
        BlobHandler blobs = new BlobHandler(registry.blobs());
        UploadHandler uploads = new UploadHandler(registry.uploads(), registry.mounts());
        ManifestHandler manifests = new ManifestHandler(registry.manifests(), registry.images());
        ListingHandler listings = new ListingHandler(registry.tags(), registry.catalog(), registry.referrers());
        Router router = new Router(auth.accessControl(), auth.proxies(), externalBase);
        auth.tokens().ifPresent(tokens -> {
            TokenHandler handler = new TokenHandler(tokens);
            router.route(Pattern.quote(TokenEndpoint.TOKEN_PATH),
                            Map.of(GET, unguarded(handler::token), POST, unguarded(handler::token)))
                    .route(Pattern.quote(TokenEndpoint.JWKS_PATH), Map.of(GET, unguarded(handler::jwks)));
        });
        return router
                .route(Pattern.quote(HealthHandler.LIVE_PATH),
                        Map.of(GET, unguarded(health::live), HEAD, unguarded(health::live)))
                .route(Pattern.quote(HealthHandler.READY_PATH),
                        Map.of(GET, unguarded(health::ready), HEAD, unguarded(health::ready)))
                .route(Pattern.quote(AdminHandler.GC_PATH), Map.of(POST, Guarded.admin(admin::gc)))
                .route("/v2/?", Map.of(GET, authenticated(listings::base), HEAD, authenticated(listings::base)))
                .route("/v2/_catalog", Map.of(GET, catalog(listings::catalog)))
                .route(NAME + "/blobs/uploads/?", Map.of(POST, push(uploads::start)))
                .route(NAME + "/blobs/uploads/" + PARAM, Map.of(GET, push(uploads::status),
                        PATCH, push(uploads::patch), PUT, push(uploads::finish), DELETE, push(uploads::cancel)))
                .route(NAME + "/blobs/" + PARAM, Map.of(GET, pull(blobs::get), HEAD, pull(blobs::get),
                        DELETE, delete(blobs::delete)))
                .route(NAME + "/manifests/" + PARAM, Map.of(GET, pull(manifests::get), HEAD, pull(manifests::get),
                        PUT, push(manifests::put), DELETE, delete(manifests::delete)))
                .route(NAME + "/tags/list", Map.of(GET, pull(listings::tags)))
                .route(NAME + "/referrers/" + PARAM, Map.of(GET, pull(listings::referrers)));
    }
}
