package dev.berth.registry.http;

import dev.berth.registry.auth.AccessControl;
import dev.berth.registry.auth.AuthDecision;
import dev.berth.registry.auth.TrustedProxies;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.logging.LogText;
import dev.berth.registry.metrics.AuthMetrics;
import dev.berth.registry.metrics.RequestMetrics;
import dev.berth.registry.metrics.RouteMeters;
import dev.berth.registry.model.RepositoryName;
import dev.berth.storage.StorageException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a request to its endpoint, checks access, then calls it: three steps, so that the
 * dispatcher can run each where it belongs (routing on the event loop, the access check where it
 * may block, the endpoint on a handler thread). The repository name is validated here, before any
 * handler or storage sees it; a path that names an invalid repository is {@code NAME_INVALID}.
 */
public final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /**
     * A path pattern whose group "name" is a repository and group "param" the last variable part,
     * with the meters of its template.
     */
    private record Route(RouteMeters meters, Pattern pattern, Map<HttpMethod, Guarded> endpoints) {}

    private final List<Route> routes = new ArrayList<>();
    private final AccessControl accessControl;
    private final TrustedProxies proxies;
    private final String externalBase;
    private final RequestMetrics requestMetrics;
    private final RouteMeters unmatched;
    private final AuthMetrics authMetrics;

    /**
     * @param proxies        whose {@code X-Forwarded-For} names the client
     * @param externalBase   the registry's URL as clients see it, for auth challenges and the links
     *     in notifications; null to take it from each request's {@code Host} header
     * @param requestMetrics where each route's requests are counted
     * @param authMetrics    where access decisions are counted
     */
    public Router(
            AccessControl accessControl,
            TrustedProxies proxies,
            String externalBase,
            RequestMetrics requestMetrics,
            AuthMetrics authMetrics) {
        this.accessControl = accessControl;
        this.proxies = proxies;
        this.externalBase = externalBase;
        this.requestMetrics = requestMetrics;
        this.unmatched = requestMetrics.unmatched();
        this.authMetrics = authMetrics;
    }

    /** Whether every request is let in without a check, so checking needs no thread of its own. */
    boolean letsEveryoneIn() {
        return accessControl == AccessControl.OPEN;
    }

    /**
     * Serves the paths {@code regex} matches, named {@code template} in metrics and logs (such as
     * {@code /v2/{name}/blobs/{digest}}: a fixed text, never a path a client sent).
     */
    public Router route(String template, String regex, Map<HttpMethod, Guarded> endpoints) {
        routes.add(new Route(requestMetrics.route(template), Pattern.compile(regex), new LinkedHashMap<>(endpoints)));
        return this;
    }

    /** The meters of requests answered before or without a route. */
    RouteMeters unmatched() {
        return unmatched;
    }

    static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /**
     * Event loop: finds the endpoint and validates the repository name. Only computation, no I/O:
     * a request that ends here never takes a thread.
     *
     * @param peer   the connection's remote address
     * @param scheme {@code http} or {@code https}, as the client reached the server
     */
    Routed route(HttpRequest request, InboundBody body, String peer, String scheme) {
        RouteMeters meters = unmatched;
        try {
            String clientAddress = proxies.clientAddress(peer, request.headers().getAll("X-Forwarded-For"));
            QueryStringDecoder decoded = new QueryStringDecoder(request.uri());
            String path = decoded.path();
            for (Route route : routes) {
                Matcher m = route.pattern().matcher(path);
                if (!m.matches()) {
                    continue;
                }
                meters = route.meters();
                Guarded endpoint = route.endpoints().get(request.method());
                if (endpoint == null) {
                    String allowed = route.endpoints().keySet().stream()
                            .map(HttpMethod::name)
                            .collect(Collectors.joining(", "));
                    return new Routed.Answer(
                            ErrorResponses.of(ErrorCode.UNSUPPORTED, request.method() + " is not supported here", null)
                                    .header("Allow", allowed),
                            meters);
                }
                RepositoryName name = group(m, "name") == null ? null : new RepositoryName(group(m, "name"));
                return new Routed.Call(
                        endpoint,
                        new Exchange(
                                request,
                                decoded.parameters(),
                                body,
                                name,
                                group(m, "param"),
                                clientAddress,
                                base(request, scheme)),
                        meters);
            }
            if (path.startsWith("/v2/") && path.matches("/v2/.*/(blobs|manifests|tags|referrers)(/.*)?")) {
                throw new RegistryException(ErrorCode.NAME_INVALID, "invalid repository name in path", path);
            }
            return new Routed.Answer(ErrorResponses.of(ErrorCode.NO_SUCH_ENDPOINT, "no such endpoint", path), meters);
        } catch (RuntimeException e) {
            return new Routed.Answer(failure(request, e), meters);
        }
    }

    /**
     * Checks the caller's access before the handler runs (and before any body is read): the
     * refusal to answer, or empty when the call may go ahead. May block (password checks, key
     * fetches), so never on an event loop unless the access control is {@link AccessControl#OPEN}.
     */
    Optional<Response> authorize(Routed.Call call) {
        Exchange exchange = call.exchange();
        AccessRule rule = call.endpoint().rule();
        if (rule == null) {
            return Optional.empty();
        }
        try {
            AuthDecision decision = accessControl.authorize(
                    exchange.header(HttpHeaderNames.AUTHORIZATION.toString()),
                    exchange.clientAddress(),
                    rule.required(exchange),
                    exchange.base());
            if (decision instanceof AuthDecision.Refused refused) {
                if (refused.code() == ErrorCode.TOOMANYREQUESTS) {
                    authMetrics.throttled(AuthMetrics.Source.REQUEST);
                } else {
                    authMetrics.refused(AuthMetrics.Source.REQUEST);
                }
                return Optional.of(AuthHeaders.add(
                        ErrorResponses.of(refused.code(), refused.message(), null),
                        refused.challenge(),
                        refused.retryAfter()));
            }
            exchange.principal(((AuthDecision.Allowed) decision).principal());
            authMetrics.granted(AuthMetrics.Source.REQUEST);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(failure(exchange.method(), exchange.uri(), e));
        }
    }

    /** Handler thread: runs the endpoint of an authorized call. */
    Response handle(Routed.Call call) {
        try {
            return call.endpoint().endpoint().handle(call.exchange());
        } catch (RuntimeException e) {
            return failure(call.exchange().method(), call.exchange().uri(), e);
        }
    }

    private static Response failure(HttpRequest request, RuntimeException e) {
        return failure(request.method(), request.uri(), e);
    }

    private static Response failure(HttpMethod method, String uri, RuntimeException e) {
        if (e instanceof RegistryException r) {
            return ErrorResponses.of(r);
        }
        if (e instanceof IllegalArgumentException) {
            return ErrorResponses.of(ErrorCode.MALFORMED_REQUEST, "malformed request: " + e.getMessage(), null);
        }
        if (e instanceof UncheckedIOException) {
            LOG.debug(
                    "{} {}: client went away: {}",
                    LogText.escape(method),
                    LogText.escape(uri),
                    LogText.escape(e.getMessage()));
            return ErrorResponses.of(ErrorCode.BLOB_UPLOAD_INVALID, "request body incomplete: " + e.getMessage(), null);
        }
        if (e instanceof StorageException) {
            LOG.error("{} {}: storage failed", LogText.escape(method), LogText.escape(uri), e);
            return ErrorResponses.of(ErrorCode.UNAVAILABLE, "storage unavailable, try again", null)
                    .header("Retry-After", 5);
        }
        LOG.error("{} {} failed", LogText.escape(method), LogText.escape(uri), e);
        return ErrorResponses.of(ErrorCode.UNKNOWN, "internal error", null);
    }

    /**
     * The registry's base URL for challenges and links: the configured one, else built from the
     * request's {@code Host} and the connection's scheme, the {@code Host} then a plain host[:port]
     * ({@link HostHeader}); HTTP/1.0 requests without one get {@code localhost}.
     */
    private String base(HttpRequest request, String scheme) {
        if (externalBase != null) {
            return externalBase;
        }
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.isEmpty() || (hosts.size() == 1 && hosts.get(0).isBlank())) {
            return scheme + "://localhost";
        }
        if (hosts.size() > 1 || !HostHeader.isValid(hosts.get(0).trim())) {
            throw new RegistryException(ErrorCode.MALFORMED_REQUEST, "invalid Host header: expected host[:port]");
        }
        return scheme + "://" + hosts.get(0).trim();
    }

    private static String group(Matcher m, String name) {
        return m.pattern().pattern().contains("?<" + name + ">") ? m.group(name) : null;
    }
}
