package dev.berth.registry.auth.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.Challenge;
import dev.berth.registry.auth.Logins;
import dev.berth.registry.auth.Policy;
import dev.berth.registry.auth.TokenEndpoint;
import dev.berth.registry.auth.TokenReply;
import dev.berth.registry.auth.TokenRequest;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.logging.LogText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Berth's token service, per the Docker registry token specification and its OAuth2 variant.
 *
 * <ul>
 *   <li>{@code GET} with optional Basic credentials (none: an anonymous token) and parameters
 *       {@code service}, {@code scope} (repeated, or space-separated), {@code account} (must be
 *       the signed-in account when given), {@code offline_token=true} (adds a
 *       {@code refresh_token}), {@code client_id} (logged only).
 *   <li>{@code POST} form with {@code grant_type=password} ({@code username}, {@code password},
 *       {@code access_type=offline} for a {@code refresh_token}) or
 *       {@code grant_type=refresh_token} ({@code refresh_token}; answered with the same refresh
 *       token), plus {@code service}, {@code scope}, {@code client_id}.
 * </ul>
 *
 * The token grants what was asked intersected with what the policy allows; a request is never
 * refused for asking too much. Answers: 200 with {@code token} and {@code access_token} (the same
 * JWT), {@code expires_in}, {@code issued_at}, {@code scope} (what was granted) and, where asked,
 * {@code refresh_token}; 400 with an OAuth error for a wrong service or a malformed request; 401
 * for bad credentials or refresh tokens; 429 with {@code Retry-After} while throttled.
 */
final class BuiltInTokenEndpoint implements TokenEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(BuiltInTokenEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Logins logins;
    private final Supplier<Policy> policy;
    private final TokenIssuer issuer;
    private final byte[] jwks;

    BuiltInTokenEndpoint(Logins logins, Supplier<Policy> policy, TokenIssuer issuer, SigningKey key) {
        this.logins = logins;
        this.policy = policy;
        this.issuer = issuer;
        this.jwks = new JWKSet(key.publicKey()).toString(true).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] jwks() {
        return jwks.clone();
    }

    @Override
    public TokenReply token(TokenRequest request) {
        Map<String, List<String>> p = request.parameters();
        String service = first(p, "service");
        if (service != null && !service.equals(issuer.service())) {
            return oauthError("invalid_request", "unknown service '" + service + "'; this is " + issuer.service());
        }
        return switch (request.method()) {
            case "GET" -> get(request);
            case "POST" -> post(request);
            default ->
                new TokenReply(
                        TokenReply.Outcome.WRONG_METHOD,
                        json(Map.of("error", "invalid_request", "error_description", "use GET or POST")));
        };
    }

    private TokenReply get(TokenRequest request) {
        Map<String, List<String>> p = request.parameters();
        Logins.Outcome outcome = logins.basic(request.authorization(), request.clientAddress());
        if (outcome instanceof Logins.Throttled t) {
            return throttled(t.retryAfter());
        }
        if (outcome instanceof Logins.Failure) {
            return unauthorized("invalid username or password", true);
        }
        String account = outcome instanceof Logins.Success s ? s.account() : null;
        String asked = first(p, "account");
        if (account != null && asked != null && !asked.isEmpty() && !asked.equals(account)) {
            return oauthError("invalid_request", "account does not match the credentials");
        }
        boolean offline = account != null && "true".equalsIgnoreCase(first(p, "offline_token"));
        return grant(account, p, offline ? refresh(account) : null, request);
    }

    private TokenReply post(TokenRequest request) {
        Map<String, List<String>> p = request.parameters();
        String grantType = first(p, "grant_type");
        if (grantType == null) {
            return oauthError("invalid_request", "grant_type is missing");
        }
        switch (grantType) {
            case "password": {
                String username = first(p, "username");
                String password = first(p, "password");
                if (username == null || username.isEmpty() || password == null) {
                    return oauthError("invalid_request", "username and password are required");
                }
                Logins.Outcome outcome = logins.password(username, password.toCharArray(), request.clientAddress());
                if (outcome instanceof Logins.Throttled t) {
                    return throttled(t.retryAfter());
                }
                if (!(outcome instanceof Logins.Success s)) {
                    return unauthorized("invalid username or password", false);
                }
                boolean offline = "offline".equals(first(p, "access_type"));
                return grant(s.account(), p, offline ? refresh(s.account()) : null, request);
            }
            case "refresh_token": {
                String refreshToken = first(p, "refresh_token");
                TokenIssuer.RefreshGrant g;
                try {
                    g = issuer.verifyRefresh(refreshToken);
                } catch (InvalidTokenException e) {
                    LOG.info(
                            "refresh from {} refused: {}",
                            LogText.escape(request.clientAddress()),
                            LogText.escape(e.getMessage()));
                    return unauthorized("invalid refresh token", false);
                }
                if (!logins.credentialStamp(g.account())
                        .map(g.credentialStamp()::equals)
                        .orElse(false)) {
                    LOG.info(
                            "refresh for '{}' from {} refused: account removed or password changed",
                            LogText.escape(g.account()),
                            LogText.escape(request.clientAddress()));
                    return unauthorized("the refresh token is no longer valid; log in again", false);
                }
                return grant(g.account(), p, refreshToken, request);
            }
            default:
                return oauthError("unsupported_grant_type", "grant_type must be password or refresh_token");
        }
    }

    private String refresh(String account) {
        return logins.credentialStamp(account)
                .map(stamp -> issuer.refresh(account, stamp).token())
                .orElse(null);
    }

    private TokenReply grant(String account, Map<String, List<String>> p, String refreshToken, TokenRequest request) {
        Policy current = policy.get();
        List<Access> granted = new ArrayList<>();
        for (Access asked : merge(Access.parseAll(p.getOrDefault("scope", List.of())))) {
            Access a = current.grant(account, asked);
            if (!a.actions().isEmpty()) {
                granted.add(a);
            }
        }
        TokenIssuer.Issued token = issuer.access(account, granted);
        LOG.debug(
                "token for {} from {} (client {}): {}",
                account == null ? "anonymous" : "'" + LogText.escape(account) + "'",
                LogText.escape(request.clientAddress()),
                LogText.escape(first(p, "client_id")),
                LogText.escape(granted.stream().map(Access::scope).toList()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token.token());
        body.put("access_token", token.token());
        body.put("token_type", "Bearer");
        body.put("expires_in", token.expiresIn().toSeconds());
        body.put("issued_at", token.issuedAt().toString());
        body.put("scope", granted.stream().map(Access::scope).collect(Collectors.joining(" ")));
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        return new TokenReply(TokenReply.Outcome.GRANTED, json(body));
    }

    /** Scopes naming the same resource are asked as one, with their actions together. */
    private static List<Access> merge(List<Access> asked) {
        Map<String, Set<String>> actions = new LinkedHashMap<>();
        for (Access a : asked) {
            actions.computeIfAbsent(a.type() + ":" + a.name(), k -> new LinkedHashSet<>())
                    .addAll(a.actions());
        }
        List<Access> out = new ArrayList<>();
        for (Access a : asked) {
            Set<String> all = actions.remove(a.type() + ":" + a.name());
            if (all != null) {
                out.add(new Access(a.type(), a.name(), all));
            }
        }
        return out;
    }

    private static TokenReply throttled(Duration wait) {
        return new TokenReply(
                TokenReply.Outcome.THROTTLED,
                errors(ErrorCode.TOOMANYREQUESTS, "too many failed logins, try again later", null),
                Optional.empty(),
                Optional.of(wait));
    }

    private static TokenReply unauthorized(String message, boolean basicChallenge) {
        return new TokenReply(
                TokenReply.Outcome.UNAUTHORIZED,
                errors(ErrorCode.UNAUTHORIZED, message, "invalid_grant"),
                basicChallenge ? Optional.of(Challenge.basic()) : Optional.empty(),
                Optional.empty());
    }

    /** The registry's error shape, plus the OAuth {@code error} field where one applies. */
    private static byte[] errors(ErrorCode code, String message, String oauthError) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (oauthError != null) {
            body.put("error", oauthError);
            body.put("error_description", message);
        }
        body.put("errors", List.of(Map.of("code", code.name(), "message", message)));
        return json(body);
    }

    private static TokenReply oauthError(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return new TokenReply(TokenReply.Outcome.INVALID_REQUEST, json(body));
    }

    private static String first(Map<String, List<String>> p, String name) {
        List<String> v = p.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
