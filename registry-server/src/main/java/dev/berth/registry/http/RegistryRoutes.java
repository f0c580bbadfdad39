package dev.berth.registry.http;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.HEAD;
import static io.netty.handler.codec.http.HttpMethod.PATCH;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import dev.berth.registry.content.Registry;
import java.util.Map;

/** The distribution-spec API: every route and the endpoint serving each method. */
final class RegistryRoutes {
    private static final String NAME = "/v2/(?<name>.+)";
    private static final String PARAM = "(?<param>[^/]+)";

    private RegistryRoutes() {}

    static Router build(Registry registry) {
        BlobHandler blobs = new BlobHandler(registry.blobs());
        UploadHandler uploads = new UploadHandler(registry.uploads(), registry.blobs());
        ManifestHandler manifests = new ManifestHandler(registry.manifests());
        ListingHandler listings = new ListingHandler(registry.tags(), registry.catalog(), registry.referrers());
        return new Router()
                .route("/v2/?", Map.of(GET, listings::base, HEAD, listings::base))
                .route("/v2/_catalog", Map.of(GET, listings::catalog))
                .route(NAME + "/blobs/uploads/?", Map.of(POST, uploads::start))
                .route(NAME + "/blobs/uploads/" + PARAM,
                        Map.of(GET, uploads::status, PATCH, uploads::patch, PUT, uploads::finish, DELETE, uploads::cancel))
                .route(NAME + "/blobs/" + PARAM, Map.of(GET, blobs::get, HEAD, blobs::get, DELETE, blobs::delete))
                .route(NAME + "/manifests/" + PARAM,
                        Map.of(GET, manifests::get, HEAD, manifests::get, PUT, manifests::put, DELETE, manifests::delete))
                .route(NAME + "/tags/list", Map.of(GET, listings::tags))
                .route(NAME + "/referrers/" + PARAM, Map.of(GET, listings::referrers));
    }
}
