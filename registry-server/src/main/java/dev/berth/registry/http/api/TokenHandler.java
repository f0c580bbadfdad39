package dev.berth.registry.http.api;

import dev.berth.registry.auth.TokenEndpoint;
import dev.berth.registry.auth.TokenReply;
import dev.berth.registry.auth.TokenRequest;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.http.AuthHeaders;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.http.Response;
import dev.berth.registry.metrics.AuthMetrics;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The built-in token service's HTTP face: GET/POST {@code /token} and the JWK set. */
final class TokenHandler {
    private static final int MAX_FORM_BYTES = 64 * 1024;
    private final TokenEndpoint tokens;
    private final AuthMetrics metrics;

    /** @param metrics counts each login's outcome: a token granted, refused, or throttled */
    TokenHandler(TokenEndpoint tokens, AuthMetrics metrics) {
        this.tokens = tokens;
        this.metrics = metrics;
    }

    Response token(Exchange x) {
        Map<String, List<String>> parameters = new HashMap<>(new QueryStringDecoder(x.uri()).parameters());
        if (HttpMethod.POST.equals(x.method())) {
            String form =
                    new String(x.body().readAll(MAX_FORM_BYTES, ErrorCode.REQUEST_TOO_LARGE), StandardCharsets.UTF_8);
            new QueryStringDecoder(form, StandardCharsets.UTF_8, false)
                    .parameters()
                    .forEach((k, v) -> parameters
                            .computeIfAbsent(k, key -> new ArrayList<>())
                            .addAll(v));
        }
        TokenReply reply = tokens.token(
                new TokenRequest(x.method().name(), parameters, x.header("Authorization"), x.clientAddress()));
        count(reply.outcome());
        Response r = Response.of(status(reply.outcome())).body(new Response.Bytes(reply.json(), "application/json"));
        AuthHeaders.add(r, reply.challenge(), reply.retryAfter());
        if (reply.outcome() == TokenReply.Outcome.WRONG_METHOD) {
            r.header("Allow", "GET, POST");
        }
        return r.header("Cache-Control", "no-store");
    }

    private static HttpResponseStatus status(TokenReply.Outcome outcome) {
        return switch (outcome) {
            case GRANTED -> HttpResponseStatus.OK;
            case INVALID_REQUEST -> HttpResponseStatus.BAD_REQUEST;
            case UNAUTHORIZED -> HttpResponseStatus.UNAUTHORIZED;
            case THROTTLED -> HttpResponseStatus.TOO_MANY_REQUESTS;
            case WRONG_METHOD -> HttpResponseStatus.METHOD_NOT_ALLOWED;
        };
    }

    private void count(TokenReply.Outcome outcome) {
        switch (outcome) {
            case GRANTED -> metrics.granted(AuthMetrics.Source.TOKEN);
            case THROTTLED -> metrics.throttled(AuthMetrics.Source.TOKEN);
            default -> metrics.refused(AuthMetrics.Source.TOKEN);
        }
    }

    Response jwks(Exchange x) {
        return Response.of(HttpResponseStatus.OK).body(new Response.Bytes(tokens.jwks(), "application/jwk-set+json"));
    }
}
