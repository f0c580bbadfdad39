package dev.berth.registry.http;

import dev.berth.registry.auth.Principal;
import dev.berth.registry.model.RepositoryName;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a handler sees it: method, decoded path parameters and query, headers, and a
 * body that streams. Handlers run on a blocking thread and may read the body at their own pace.
 */
public final class Exchange {
    private final HttpRequest request;
    private final Map<String, List<String>> query;
    private final InboundBody body;
    private final RepositoryName repository;
    private final String parameter;
    private final String clientAddress;
    private Principal principal = Principal.ANYONE;

    Exchange(
            HttpRequest request,
            Map<String, List<String>> query,
            InboundBody body,
            RepositoryName repository,
            String parameter,
            String clientAddress) {
        this.request = request;
        this.query = query;
        this.body = body;
        this.repository = repository;
        this.parameter = parameter;
        this.clientAddress = clientAddress;
    }

    /** Who the caller is, once the router's access check let the request through. */
    public Principal principal() {
        return principal;
    }

    void principal(Principal principal) {
        this.principal = principal;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public String uri() {
        return request.uri();
    }

    public HttpMethod method() {
        return request.method();
    }

    public boolean isHead() {
        return HttpMethod.HEAD.equals(request.method());
    }

    /** The repository named in the path; routes without one never ask. */
    public RepositoryName repository() {
        return repository;
    }

    /** The path's last variable part: digest, reference or upload id. */
    public String parameter() {
        return parameter;
    }

    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    public String header(String name) {
        return request.headers().get(name);
    }

    public List<String> headers(String name) {
        return request.headers().getAll(name);
    }

    public InboundBody body() {
        return body;
    }
}
