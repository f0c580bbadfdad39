package dev.berth.conformance.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.conformance.Check;
import dev.berth.conformance.ClientAuth.Challenge;
import dev.berth.conformance.Data;
import dev.berth.conformance.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Assertions on refusals, challenges and tokens; each failure prints the whole exchange. */
final class AuthChecks {

    static final ObjectMapper JSON = new ObjectMapper();

    private AuthChecks() {}

    /** A repository name unique to this run under {@code namespace}: {@code alice/pull-x1y2z3}. */
    static String repo(String namespace, String hint) {
        return namespace + "/" + hint + "-" + Data.token(8);
    }

    /**
     * 401 UNAUTHORIZED with exactly one Bearer challenge naming this realm and service, exactly
     * these scopes (any order) and this {@code error} (null: none).
     */
    static Challenge bearerChallenge(Response r, String realm, String scope, String error) {
        errorBody(r, 401, "UNAUTHORIZED");
        List<String> headers = r.headerValues("WWW-Authenticate");
        assertThat(headers).as("WWW-Authenticate headers in\n%s", r).hasSize(1);
        Challenge c = Challenge.parse(headers.get(0)).orElseThrow();
        assertThat(c.scheme()).as("challenge scheme in\n%s", r).isEqualTo("bearer");
        assertThat(c.param("realm")).as("realm in\n%s", r).isEqualTo(realm);
        assertThat(c.param("service")).as("service in\n%s", r).isEqualTo(AuthServer.SERVICE);
        if (scope == null) {
            assertThat(c.params()).as("challenge without scope in\n%s", r).doesNotContainKey("scope");
        } else {
            assertThat(scopes(c.param("scope")))
                    .as("scopes of the challenge in\n%s", r)
                    .isEqualTo(scopes(scope));
        }
        if (error == null) {
            assertThat(c.params()).as("challenge without error in\n%s", r).doesNotContainKey("error");
        } else {
            assertThat(c.param("error")).as("error of the challenge in\n%s", r).isEqualTo(error);
        }
        return c;
    }

    /** 401 UNAUTHORIZED with the Basic challenge of basic mode. */
    static void basicChallenge(Response r) {
        errorBody(r, 401, "UNAUTHORIZED");
        assertThat(r.headerValues("WWW-Authenticate"))
                .as("WWW-Authenticate in\n%s", r)
                .singleElement()
                .satisfies(h -> assertThat(h).startsWith("Basic realm="));
    }

    /** 403 DENIED, and no challenge: another token would not help. */
    static void denied(Response r) {
        errorBody(r, 403, "DENIED");
        assertThat(r.headerValues("WWW-Authenticate"))
                .as("WWW-Authenticate of a 403 in\n%s", r)
                .isEmpty();
    }

    /** The status and, except for HEAD (no body), the spec's error envelope with this code. */
    static void errorBody(Response r, int status, String code) {
        if (r.method().equals("HEAD")) {
            Check.status(r, status);
            assertThat(r.body()).as("body of a HEAD answer in\n%s", r).isEmpty();
        } else {
            Check.error(r, status, code);
            Check.errorEnvelope(r);
        }
    }

    /** Runs the requests and asserts that the storage directory is the same afterwards. */
    static void unchanged(AuthServer server, Runnable requests) {
        Map<String, Long> before = server.snapshot();
        requests.run();
        assertThat(server.snapshot()).as("storage after refused requests").isEqualTo(before);
    }

    static <T> T unchanged(AuthServer server, Supplier<T> requests) {
        Map<String, Long> before = server.snapshot();
        T result = requests.get();
        assertThat(server.snapshot()).as("storage after refused requests").isEqualTo(before);
        return result;
    }

    static Set<String> scopes(String spaceSeparated) {
        return new HashSet<>(Arrays.asList(spaceSeparated.trim().split("\\s+")));
    }

    /** The claims of a JWT, decoded without checking anything. */
    static JsonNode claims(String jwt) {
        return part(jwt, 1);
    }

    static JsonNode header(String jwt) {
        return part(jwt, 0);
    }

    private static JsonNode part(String jwt, int index) {
        String[] parts = jwt.split("\\.", -1);
        assertThat(parts).as("parts of the JWT %s", jwt).hasSize(3);
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code access} claim as {@code type:name:action,action} strings, actions sorted. */
    static Set<String> access(String jwt) {
        Set<String> out = new HashSet<>();
        for (JsonNode a : claims(jwt).path("access")) {
            List<String> actions = new java.util.ArrayList<>();
            a.path("actions").forEach(x -> actions.add(x.asText()));
            actions.sort(null);
            out.add(a.path("type").asText() + ":" + a.path("name").asText() + ":" + String.join(",", actions));
        }
        return out;
    }
}
