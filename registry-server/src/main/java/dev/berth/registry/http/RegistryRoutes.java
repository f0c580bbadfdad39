package dev.berth.registry.http;

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
import java.util.Map;
import java.util.regex.Pattern;

/** The distribution-spec API: every route, the endpoint serving each method and the access it needs. */
final class RegistryRoutes {
    private static final String NAME = "/v2/(?<name>.+)";
    private static final String PARAM = "(?<param>[^/]+)";

    private RegistryRoutes() {}

    static Router build(Registry registry, Auth auth, String externalBase, AdminHandler admin, HealthHandler health) {
        BlobHandler blobs = new BlobHandler(registry.blobs());
        UploadHandler uploads = new UploadHandler(registry.uploads(), registry.mounts());
        ManifestHandler manifests = new ManifestHandler(registry.manifests());
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
