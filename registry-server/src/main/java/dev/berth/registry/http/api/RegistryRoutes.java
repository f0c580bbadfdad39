package dev.berth.registry.http.api;

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

import dev.berth.registry.auth.AccessControl;
import dev.berth.registry.auth.Auth;
import dev.berth.registry.auth.TokenEndpoint;
import dev.berth.registry.auth.TrustedProxies;
import dev.berth.registry.content.Registry;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcOptions;
import dev.berth.registry.http.Guarded;
import dev.berth.registry.http.Router;
import dev.berth.registry.lifecycle.Lifecycle;
import dev.berth.registry.metrics.AuthMetrics;
import dev.berth.registry.metrics.RequestMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Berth's HTTP API: every route of the distribution spec, the token service, health, metrics,
 * administration and the management API under {@code /api/v1/}, each with the template that names
 * it in metrics and logs, the endpoint serving each method and the access it needs. Closing it
 * stops the readiness probe's thread.
 */
public final class RegistryRoutes implements AutoCloseable {
    private static final String NAME = "/v2/(?<name>.+)";
    private static final String PARAM = "(?<param>[^/]+)";

    private final Router router;
    private final HealthHandler health;
    private final RequestMetrics requestMetrics;
    private final AuthMetrics authMetrics;

    private RegistryRoutes(
            Router router, HealthHandler health, RequestMetrics requestMetrics, AuthMetrics authMetrics) {
        this.router = router;
        this.health = health;
        this.requestMetrics = requestMetrics;
        this.authMetrics = authMetrics;
    }

    /**
     * @param externalBase the registry's URL as clients see it (for auth challenges), or null to
     *     take it from each request's {@code Host} header
     * @param collector    runs garbage collection for {@code POST /admin/gc}, with {@code gcDefaults}
     * @param meters       where requests and access decisions are counted
     * @param scrape       the Prometheus text of every meter, to serve at {@code /metrics} to
     *     callers granted {@code registry:metrics:*}; empty when it is served elsewhere or not at all
     * @param lifecycle    previews and applies lifecycle rules for {@code /admin/lifecycle}
     */
    public static RegistryRoutes build(
            Registry registry,
            Auth auth,
            String externalBase,
            GarbageCollector collector,
            GcOptions gcDefaults,
            MeterRegistry meters,
            Optional<Supplier<String>> scrape,
            Lifecycle lifecycle) {
        HealthHandler health =
                new HealthHandler(registry.probe()::check, HealthHandler.PROBE_TIMEOUT, HealthHandler.REUSE_FOR);
        RequestMetrics requestMetrics = new RequestMetrics(meters);
        AuthMetrics authMetrics = new AuthMetrics(meters);
        Router router = new Router(auth.accessControl(), auth.proxies(), externalBase, requestMetrics, authMetrics);
        scrape.ifPresent(s -> router.route(
                MetricsHandler.PATH,
                Pattern.quote(MetricsHandler.PATH),
                Map.of(GET, Guarded.metrics(new MetricsHandler(s)::metrics))));
        LifecycleHandler rules = new LifecycleHandler(lifecycle);
        router.route(
                LifecycleHandler.PATH,
                Pattern.quote(LifecycleHandler.PATH),
                Map.of(GET, Guarded.admin(rules::preview), POST, Guarded.admin(rules::apply)));
        return new RegistryRoutes(
                routes(router, registry, auth, authMetrics, new AdminHandler(collector, gcDefaults), health),
                health,
                requestMetrics,
                authMetrics);
    }

    /**
     * Only {@code /metrics}, for a listener of its own ({@code metrics.listen}): open to anyone who
     * reaches the address, which is for the operator to keep internal. Its requests are counted
     * with the API's.
     */
    public Router metricsOnly(Supplier<String> scrape) {
        return new Router(AccessControl.OPEN, TrustedProxies.NONE, null, requestMetrics, authMetrics)
                .route(
                        MetricsHandler.PATH,
                        Pattern.quote(MetricsHandler.PATH),
                        Map.of(GET, unguarded(new MetricsHandler(scrape)::metrics)));
    }

    /** The routes to serve. */
    public Router router() {
        return router;
    }

    @Override
    public void close() {
        health.close();
    }

    private static Router routes(
            Router router,
            Registry registry,
            Auth auth,
            AuthMetrics authMetrics,
            AdminHandler admin,
            HealthHandler health) {
        BlobHandler blobs = new BlobHandler(registry.blobs());
        UploadHandler uploads = new UploadHandler(registry.uploads(), registry.mounts());
        ManifestHandler manifests = new ManifestHandler(registry.manifests(), registry.images());
        ListingHandler listings = new ListingHandler(registry.tags(), registry.catalog(), registry.referrers());
        ManagementHandler management = new ManagementHandler(registry.inventory(), registry.deletions());
        String repository = Pattern.quote(ManagementHandler.BASE + "/repositories/") + "(?<name>.+)";
        String api = ManagementHandler.BASE;
        auth.tokens().ifPresent(tokens -> {
            TokenHandler handler = new TokenHandler(tokens, authMetrics);
            router.route(
                            TokenEndpoint.TOKEN_PATH,
                            Pattern.quote(TokenEndpoint.TOKEN_PATH),
                            Map.of(GET, unguarded(handler::token), POST, unguarded(handler::token)))
                    .route(
                            TokenEndpoint.JWKS_PATH,
                            Pattern.quote(TokenEndpoint.JWKS_PATH),
                            Map.of(GET, unguarded(handler::jwks)));
        });
        return router.route(
                        HealthHandler.LIVE_PATH,
                        Pattern.quote(HealthHandler.LIVE_PATH),
                        Map.of(GET, unguarded(health::live), HEAD, unguarded(health::live)))
                .route(
                        HealthHandler.READY_PATH,
                        Pattern.quote(HealthHandler.READY_PATH),
                        Map.of(GET, unguarded(health::ready), HEAD, unguarded(health::ready)))
                .route(
                        AdminHandler.GC_PATH,
                        Pattern.quote(AdminHandler.GC_PATH),
                        Map.of(POST, Guarded.admin(admin::gc)))
                .route("/v2/", "/v2/?", Map.of(GET, authenticated(listings::base), HEAD, authenticated(listings::base)))
                .route("/v2/_catalog", "/v2/_catalog", Map.of(GET, catalog(listings::catalog)))
                .route("/v2/{name}/blobs/uploads/", NAME + "/blobs/uploads/?", Map.of(POST, push(uploads::start)))
                .route(
                        "/v2/{name}/blobs/uploads/{uuid}",
                        NAME + "/blobs/uploads/" + PARAM,
                        Map.of(
                                GET,
                                push(uploads::status),
                                PATCH,
                                push(uploads::patch),
                                PUT,
                                push(uploads::finish),
                                DELETE,
                                push(uploads::cancel)))
                .route(
                        "/v2/{name}/blobs/{digest}",
                        NAME + "/blobs/" + PARAM,
                        Map.of(GET, pull(blobs::get), HEAD, pull(blobs::get), DELETE, delete(blobs::delete)))
                .route(
                        "/v2/{name}/manifests/{reference}",
                        NAME + "/manifests/" + PARAM,
                        Map.of(
                                GET,
                                pull(manifests::get),
                                HEAD,
                                pull(manifests::get),
                                PUT,
                                push(manifests::put),
                                DELETE,
                                delete(manifests::delete)))
                .route("/v2/{name}/tags/list", NAME + "/tags/list", Map.of(GET, pull(listings::tags)))
                .route(
                        "/v2/{name}/referrers/{digest}",
                        NAME + "/referrers/" + PARAM,
                        Map.of(GET, pull(listings::referrers)))
                // The management API: the catalog's right for the repository list (filtered like the
                // catalog), pull or delete on the repository, administration for the store's totals.
                .route(
                        api + "/repositories",
                        Pattern.quote(api + "/repositories"),
                        Map.of(GET, catalog(management::repositories)))
                .route(
                        api + "/repositories/{name}/images",
                        repository + "/images",
                        Map.of(GET, pull(management::images)))
                .route(
                        api + "/repositories/{name}/images/{reference}",
                        repository + "/images/" + PARAM,
                        Map.of(GET, pull(management::image)))
                .route(
                        api + "/repositories/{name}/batch-delete-image",
                        repository + "/batch-delete-image",
                        Map.of(POST, delete(management::batchDelete)))
                .route(api + "/store", Pattern.quote(api + "/store"), Map.of(GET, Guarded.admin(management::store)));
    }
}
