package dev.berth.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a {@link RegistryClient} answers a 401, the way docker, podman and skopeo do:
 *
 * <ul>
 *   <li>{@code Bearer realm=..,service=..,scope=..}: GET the realm with the service and every scope
 *       of the challenge (Basic credentials when there is an account, none for an anonymous
 *       token), then send the request again once with {@code Authorization: Bearer}. Tokens are
 *       kept per scope, and the scope last needed for a repository (or the catalog, or
 *       {@code /v2/}) is sent up front with the next request there, so a test sees one extra
 *       round trip per repository and set of actions, not per request.
 *   <li>{@code Basic}: with an account, send it again with Basic credentials, and from then on
 *       with every request.
 * </ul>
 *
 * A request on which the test set an {@code Authorization} header itself is left alone, and
 * {@link #none()} never answers a challenge: tests that assert what an anonymous caller gets
 * see the registry's first answer.
 */
public final class ClientAuth {

    private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> ROUTE_MARKERS = List.of("/blobs/", "/manifests/", "/tags/", "/referrers/");

    private final String username;
    private final String password;
    private final boolean answersChallenges;
    private final Map<String, String> tokensByScope = new ConcurrentHashMap<>();
    private final Map<String, String> scopeByResource = new ConcurrentHashMap<>();
    private volatile boolean basicChallenged;

    private ClientAuth(String username, String password, boolean answersChallenges) {
        this.username = username;
        this.password = password;
        this.answersChallenges = answersChallenges;
    }

    /** Never sends credentials and never answers a challenge. */
    public static ClientAuth none() {
        return new ClientAuth(null, null, false);
    }

    /** Answers Bearer challenges with anonymous tokens (a token request without credentials). */
    public static ClientAuth anonymous() {
        return new ClientAuth(null, null, true);
    }

    /** Answers challenges as this account. */
    public static ClientAuth user(String username, String password) {
        return new ClientAuth(username, password, true);
    }

    /** The account, empty for {@link #none()} and {@link #anonymous()}. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** The same identity with nothing remembered: no tokens, no knowledge of a Basic challenge. */
    public ClientAuth fresh() {
        return new ClientAuth(username, password, answersChallenges);
    }

    /** {@code Basic base64(user:password)}. */
    public static String basic(String username, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The Authorization header to send with a first attempt at {@code uri}, or null. */
    String upFront(URI uri) {
        if (!answersChallenges) {
            return null;
        }
        if (basicChallenged && username != null) {
            return basic(username, password);
        }
        String scope = scopeByResource.get(resource(uri));
        String token = scope == null ? null : tokensByScope.get(scope);
        return token == null ? null : "Bearer " + token;
    }

    /**
     * After a 401 to a request sent with {@code sent} (may be null): the Authorization header to
     * try once more with, or null to leave the 401 as the answer. {@code note} collects what was
     * done, for the exchange a failing test prints.
     */
    String answer(Response challenged, String sent, HttpClient http, StringBuilder note) {
        if (!answersChallenges) {
            return null;
        }
        Optional<Challenge> parsed = challenged.headerValues("WWW-Authenticate").stream()
                .map(Challenge::parse)
                .flatMap(Optional::stream)
                .findFirst();
        if (parsed.isEmpty()) {
            return null;
        }
        Challenge challenge = parsed.get();
        if (challenge.scheme().equals("basic")) {
            if (username == null || (sent != null && sent.startsWith("Basic "))) {
                return null;
            }
            basicChallenged = true;
            return basic(username, password);
        }
        if (!challenge.scheme().equals("bearer") || challenge.param("realm") == null) {
            return null;
        }
        String scope = Optional.ofNullable(challenge.param("scope")).orElse("").trim();
        String cached = tokensByScope.get(scope);
        String token;
        if (cached != null && !("Bearer " + cached).equals(sent) && !"invalid_token".equals(challenge.param("error"))) {
            token = cached;
        } else {
            token = fetchToken(challenge.param("realm"), challenge.param("service"), scope, http, note);
            if (token == null) {
                return null;
            }
            tokensByScope.put(scope, token);
        }
        scopeByResource.put(resource(challenged.uri()), scope);
        return "Bearer " + token;
    }

    private String fetchToken(String realm, String service, String scope, HttpClient http, StringBuilder note) {
        List<String> query = new ArrayList<>();
        if (service != null) {
            query.add("service=" + encode(service));
        }
        for (String s : scope.split("\\s+")) {
            if (!s.isEmpty()) {
                query.add("scope=" + encode(s));
            }
        }
        URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + String.join("&", query));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(TOKEN_TIMEOUT).GET();
        if (username != null) {
            request.header("Authorization", basic(username, password));
        }
        note.append("(401: GET ").append(uri).append(username == null ? " anonymously" : " as " + username);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            note.append(" -> ").append(response.statusCode());
            if (response.statusCode() != 200) {
                note.append(' ')
                        .append(new String(response.body(), StandardCharsets.UTF_8))
                        .append(")\n");
                return null;
            }
            JsonNode body = Json.MAPPER.readTree(response.body());
            String token = body.path("token").asText(body.path("access_token").asText(""));
            note.append(", granted '").append(body.path("scope").asText("?")).append("')\n");
            return token.isEmpty() ? null : token;
        } catch (IOException e) {
            note.append(" failed: ").append(e).append(")\n");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching a token from " + uri, e);
        }
    }

    /**
     * What a token is for, guessed from the path: the repository, the catalog or the base route.
     * A wrong guess only costs a round trip.
     */
    private static String resource(URI uri) {
        String path = Optional.ofNullable(uri.getRawPath()).orElse("");
        if (!path.startsWith("/v2/")) {
            return path;
        }
        String rest = path.substring(4);
        if (rest.isEmpty() || rest.startsWith("_catalog")) {
            return rest;
        }
        int end = -1;
        for (String marker : ROUTE_MARKERS) {
            end = Math.max(end, ("/" + rest).lastIndexOf(marker) - 1);
        }
        return end > 0 ? rest.substring(0, end) : rest;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One challenge of a {@code WWW-Authenticate} header: a lower-case scheme and its parameters. */
    public record Challenge(String scheme, Map<String, String> params) {

        public String param(String name) {
            return params.get(name);
        }

        /** Parses {@code Scheme k="v",k2="v\"2",k3=token}; empty when it is not of that shape. */
        public static Optional<Challenge> parse(String header) {
            String h = header.trim();
            int space = h.indexOf(' ');
            String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase(Locale.ROOT);
            if (scheme.isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> params = new LinkedHashMap<>();
            int i = space < 0 ? h.length() : space + 1;
            while (i < h.length()) {
                while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
                    i++;
                }
                int eq = h.indexOf('=', i);
                if (eq < 0) {
                    break;
                }
                String name = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
                i = eq + 1;
                StringBuilder value = new StringBuilder();
                if (i < h.length() && h.charAt(i) == '"') {
                    i++;
                    while (i < h.length() && h.charAt(i) != '"') {
                        if (h.charAt(i) == '\\' && i + 1 < h.length()) {
                            i++;
                        }
                        value.append(h.charAt(i++));
                    }
                    i++;
                } else {
                    while (i < h.length() && h.charAt(i) != ',') {
                        value.append(h.charAt(i++));
                    }
                }
                params.put(name, value.toString().trim());
            }
            return Optional.of(new Challenge(scheme, params));
        }
    }
}
