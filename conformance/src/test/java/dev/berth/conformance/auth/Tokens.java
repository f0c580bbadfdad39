package dev.berth.conformance.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.conformance.Check;
import dev.berth.conformance.ClientAuth;
import dev.berth.conformance.RegistryClient;
import dev.berth.conformance.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Requests to the token service, as the clients send them. */
final class Tokens {

    private Tokens() {}

    /** {@code GET /token?service=berth&scope=..&scope=..} with Basic credentials (user null: none). */
    static Response get(AuthServer server, String user, String... scopes) {
        return getWith(
                server,
                user == null ? null : ClientAuth.basic(user, server.password(user)),
                query("service", AuthServer.SERVICE, scopes));
    }

    /** {@code GET /token?QUERY} with this Authorization header (null: none). */
    static Response getWith(AuthServer server, String authorization, String query) {
        RegistryClient.Request r = server.raw().request("GET", "/token" + (query.isEmpty() ? "" : "?" + query));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return r.send();
    }

    /** {@code POST /token} with a form of name/value pairs. */
    static Response post(AuthServer server, String... form) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < form.length; i += 2) {
            pairs.add(encode(form[i]) + "=" + encode(form[i + 1]));
        }
        return server.raw()
                .request("POST", "/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(String.join("&", pairs).getBytes(StandardCharsets.UTF_8))
                .send();
    }

    /** The access token of a 200 answer; fails the test on anything else. */
    static String token(Response r) {
        Check.status(r, 200);
        JsonNode body = r.json();
        String token = body.path("token").asText("");
        if (token.isEmpty()) {
            throw new AssertionError("no token in\n" + r);
        }
        return token;
    }

    /** A user's access token for these scopes, by GET with Basic credentials. */
    static String of(AuthServer server, String user, String... scopes) {
        return token(get(server, user, scopes));
    }

    static String query(String firstName, String firstValue, String... scopes) {
        List<String> q = new ArrayList<>();
        q.add(encode(firstName) + "=" + encode(firstValue));
        for (String s : scopes) {
            q.add("scope=" + encode(s));
        }
        return String.join("&", q);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** {@code Bearer TOKEN}. */
    static String bearer(String token) {
        return "Bearer " + token;
    }
}
