package dev.berth.registry.http;

import dev.berth.registry.auth.AccessControl;
import dev.berth.registry.auth.AuthDecision;
import dev.berth.registry.auth.TrustedProxies;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.logging.LogText;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a request to its endpoint. The repository name is validated here, before any handler or
 * storage sees it; a path that names an invalid repository is {@code NAME_INVALID}.
 */
final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** A path pattern whose group "name" is a repository and group "param" the last variable part. */
    private record Route(Pattern pattern, Map<HttpMethod, Guarded> endpoints) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final AccessControl accessControl;
    private final TrustedProxies proxies;
    private final String externalBase;

    /**
     * @param proxies      whose {@code X-Forwarded-For} names the client
     * @param externalBase the registry's URL as clients see it, for auth challenges; null to take
     *     it from each request's {@code Host} header
     */
    Router(AccessControl accessControl, TrustedProxies proxies, String externalBase) {
        this.accessControl = accessControl;
        this.proxies = proxies;
        this.externalBase = externalBase;
    }

    Router route(String regex, Map<HttpMethod, Guarded> endpoints) {
        routes.add(new Route(Pattern.compile(regex), new LinkedHashMap<>(endpoints)));
        return this;
    }

    static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** @param peer the connection's remote address */
    Response handle(HttpRequest request, InboundBody body, String peer) {
        try {
            String clientAddress = proxies.clientAddress(peer, request.headers().getAll("X-Forwarded-For"));
            QueryStringDecoder decoded = new QueryStringDecoder(request.uri());
            String path = decoded.path();
            for (Route route : routes) {
                Matcher m = route.pattern().matcher(path);
                if (!m.matches()) {
                    continue;
                }
                Guarded endpoint = route.endpoints().get(request.method());
                if (endpoint == null) {
                    String allowed = route.endpoints().keySet().stream().map(HttpMethod::name)
                            .collect(Collectors.joining(", "));
                    return ErrorResponses.of(ErrorCode.UNSUPPORTED, request.method() + " is not supported here", null)
                            .header("Allow", allowed);
                }
                RepositoryName name = group(m, "name") == null ? null : new RepositoryName(group(m, "name"));
                Exchange exchange = new Exchange(request, decoded.parameters(), body, name, group(m, "param"),
                        clientAddress);
                if (endpoint.rule() != null) {
                    AuthDecision decision = accessControl.authorize(request.headers().get(HttpHeaderNames.AUTHORIZATION),
                            clientAddress, endpoint.rule().required(exchange), base(request));
                    if (decision instanceof AuthDecision.Refused refused) {
                        Response r = ErrorResponses.of(refused.code(), refused.message(), null);
                        refused.headers().forEach(r::header);
                        return r;
                    }
                    exchange.principal(((AuthDecision.Allowed) decision).principal());
                }
                return endpoint.endpoint().handle(exchange);
            }
            if (path.startsWith("/v2/") && path.matches("/v2/.*/(blobs|manifests|tags|referrers)(/.*)?")) {
                throw new RegistryException(ErrorCode.NAME_INVALID, "invalid repository name in path", path);
            }
            return ErrorResponses.of(ErrorCode.NO_SUCH_ENDPOINT, "no such endpoint", path);
        } catch (RegistryException e) {
            return ErrorResponses.of(e);
        } catch (IllegalArgumentException e) {
            return ErrorResponses.of(ErrorCode.MALFORMED_REQUEST, "malformed request: " + e.getMessage(), null);
        } catch (UncheckedIOException e) {
            LOG.debug("{} {}: client went away: {}", LogText.escape(request.method()), LogText.escape(request.uri()),
                    LogText.escape(e.getMessage()));
            return ErrorResponses.of(ErrorCode.BLOB_UPLOAD_INVALID, "request body incomplete: " + e.getMessage(), null);
        } catch (StorageException e) {
            LOG.error("{} {}: storage failed", LogText.escape(request.method()), LogText.escape(request.uri()), e);
            return ErrorResponses.of(ErrorCode.UNAVAILABLE, "storage unavailable, try again", null)
                    .header("Retry-After", 5);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", LogText.escape(request.method()), LogText.escape(request.uri()), e);
            return ErrorResponses.of(ErrorCode.UNKNOWN, "internal error", null);
        }
    }

    /**
     * The registry's base URL for challenges: the configured one, else built from the request's
     * {@code Host}, which must then be a plain host[:port] ({@link HostHeader}); HTTP/1.0 requests
     * without one get {@code localhost}.
     */
    private String base(HttpRequest request) {
        if (externalBase != null) {
            return externalBase;
        }
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.isEmpty() || (hosts.size() == 1 && hosts.get(0).isBlank())) {
            return "http://localhost";
        }
        if (hosts.size() > 1 || !HostHeader.isValid(hosts.get(0).trim())) {
            throw new RegistryException(ErrorCode.MALFORMED_REQUEST, "invalid Host header: expected host[:port]");
        }
        return "http://" + hosts.get(0).trim();
    }

    private static String group(Matcher m, String name) {
        return m.pattern().pattern().contains("?<" + name + ">") ? m.group(name) : null;
    }
}
