package dev.berth.conformance.auth;

import static dev.berth.conformance.auth.AuthChecks.bearerChallenge;
import static dev.berth.conformance.auth.AuthChecks.denied;
import static dev.berth.conformance.auth.AuthChecks.repo;
import static dev.berth.conformance.auth.AuthServer.ALICE;
import static dev.berth.conformance.auth.AuthServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.conformance.Check;
import dev.berth.conformance.ClientAuth;
import dev.berth.conformance.Data;
import dev.berth.conformance.Descriptor;
import dev.berth.conformance.Digests;
import dev.berth.conformance.Image;
import dev.berth.conformance.Manifests;
import dev.berth.conformance.MediaTypes;
import dev.berth.conformance.RegistryClient;
import dev.berth.conformance.Response;
import dev.berth.conformance.Urls;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in token service over HTTP, each flow followed by the registry request it is for: GET
 * with Basic credentials, OAuth2 POST with the password and refresh-token grants, anonymous and
 * partial grants, scope-less tokens, the JWK set and the configured realm.
 */
class TokenEndpointTest {

    private static AuthServer server;
    private static RegistryClient raw;

    @BeforeAll
    static void start() {
        server = AuthServer.start(AuthConfig.Mode.TOKEN);
        raw = server.raw();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The request with {@code Authorization: Bearer token}. */
    private static Response with(String token, String method, String path) {
        return raw.request(method, path)
                .header("Authorization", Tokens.bearer(token))
                .body(new byte[0])
                .send();
    }

    @Test
    void getWithBasicCredentialsRepeatedScopesAndOfflineToken() {
        String a = repo(ALICE, "get-a");
        String b = repo(ALICE, "get-b");
        Response r = Tokens.getWith(
                server,
                ClientAuth.basic(ALICE, server.password(ALICE)),
                Tokens.query(
                                "service",
                                AuthServer.SERVICE,
                                "repository:" + a + ":pull",
                                "repository:" + b + ":pull,push")
                        + "&account=" + ALICE + "&offline_token=true&client_id=conformance-test");

        Check.status(r, 200);
        assertThat(r.header("Cache-Control")).as("Cache-Control in\n%s", r).hasValue("no-store");
        JsonNode body = r.json();
        String token = body.path("token").asText();
        assertThat(body.path("access_token").asText())
                .as("access_token in\n%s", r)
                .isEqualTo(token);
        assertThat(body.path("expires_in").asLong()).as("expires_in in\n%s", r).isGreaterThanOrEqualTo(60);
        Instant issued = Instant.parse(body.path("issued_at").asText());
        assertThat(issued)
                .as("issued_at in\n%s", r)
                .isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(120));
        assertThat(body.path("refresh_token").asText(""))
                .as("refresh_token in\n%s", r)
                .isNotEmpty();
        assertThat(AuthChecks.access(token))
                .containsExactlyInAnyOrder("repository:" + a + ":pull", "repository:" + b + ":pull,push");
        assertThat(AuthChecks.claims(token).path("sub").asText()).isEqualTo(ALICE);

        Check.error(with(token, "GET", "/v2/" + a + "/tags/list"), 404, "NAME_UNKNOWN");
        Check.status(with(token, "POST", "/v2/" + b + "/blobs/uploads/"), 202);
        bearerChallenge(
                with(token, "POST", "/v2/" + a + "/blobs/uploads/"),
                server.defaultRealm(),
                "repository:" + a + ":pull,push",
                "insufficient_scope");
    }

    @Test
    void withoutOfflineTokenThereIsNoRefreshToken() {
        Response r = Tokens.get(server, ALICE, "repository:" + repo(ALICE, "online") + ":pull");

        Check.status(r, 200);
        assertThat(r.json().has("refresh_token")).as("refresh_token in\n%s", r).isFalse();
    }

    @Test
    void postPasswordGrantWithOfflineAccessReturnsARefreshToken() {
        String repo = repo(ALICE, "post");
        Response offline = Tokens.post(
                server,
                "grant_type",
                "password",
                "username",
                ALICE,
                "password",
                server.password(ALICE),
                "service",
                AuthServer.SERVICE,
                "scope",
                "repository:" + repo + ":pull,push",
                "access_type",
                "offline",
                "client_id",
                "conformance");
        Response online = Tokens.post(
                server,
                "grant_type",
                "password",
                "username",
                ALICE,
                "password",
                server.password(ALICE),
                "service",
                AuthServer.SERVICE,
                "scope",
                "repository:" + repo + ":pull",
                "client_id",
                "conformance");

        String token = Tokens.token(offline);
        assertThat(offline.json().path("access_token").asText()).isEqualTo(token);
        assertThat(offline.json().path("refresh_token").asText(""))
                .as("refresh_token in\n%s", offline)
                .isNotEmpty();
        assertThat(AuthChecks.access(token)).containsExactly("repository:" + repo + ":pull,push");
        Check.status(with(token, "POST", "/v2/" + repo + "/blobs/uploads/"), 202);
        Tokens.token(online);
        assertThat(online.json().has("refresh_token"))
                .as("refresh_token in\n%s", online)
                .isFalse();

        Response wrong = Tokens.post(
                server,
                "grant_type",
                "password",
                "username",
                BOB,
                "password",
                "not-" + server.password(BOB),
                "service",
                AuthServer.SERVICE);
        Check.error(wrong, 401, "UNAUTHORIZED");
    }

    @Test
    void aRefreshTokenFromTheGetFlowWorksForALaterPushThroughThePostFlow() {
        // docker login: GET with Basic and offline_token=true; the refresh token is its identitytoken.
        Response login = Tokens.getWith(
                server,
                ClientAuth.basic(ALICE, server.password(ALICE)),
                "service=berth&offline_token=true&client_id=docker");
        String refresh = login.json().path("refresh_token").asText("");
        assertThat(refresh).as("refresh_token in\n%s", login).isNotEmpty();
        String repo = repo(ALICE, "refresh");

        // docker push, later: POST grant_type=refresh_token for the push scope.
        Response grant = Tokens.post(
                server,
                "grant_type",
                "refresh_token",
                "refresh_token",
                refresh,
                "service",
                AuthServer.SERVICE,
                "scope",
                "repository:" + repo + ":pull,push",
                "client_id",
                "docker");
        String token = Tokens.token(grant);
        assertThat(grant.json().path("refresh_token").asText())
                .as("refresh_token in\n%s", grant)
                .isEqualTo(refresh);

        Image pushed = pushImageWithToken(repo, token);
        Check.status(
                raw.request("GET", "/v2/" + repo + "/manifests/v1")
                        .header("Accept", MediaTypes.OCI_MANIFEST)
                        .header("Authorization", Tokens.bearer(token))
                        .send(),
                200);
        assertThat(server.as(ALICE)
                        .get("/v2/" + repo + "/tags/list")
                        .json()
                        .path("tags")
                        .get(0)
                        .asText())
                .isEqualTo(pushed.tag());

        // The refresh token is no access token, and a garbled one is refused.
        bearerChallenge(
                with(refresh, "GET", "/v2/" + repo + "/tags/list"),
                server.defaultRealm(),
                "repository:" + repo + ":pull",
                "invalid_token");
        Check.error(
                Tokens.post(
                        server,
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        refresh + "x",
                        "service",
                        AuthServer.SERVICE),
                401,
                "UNAUTHORIZED");
    }

    /** Pushes a small image (config, one layer, manifest tagged v1) with this token only. */
    private static Image pushImageWithToken(String repo, String token) {
        byte[] config = Data.config("linux", "amd64");
        byte[] layer = Data.random(3000);
        for (byte[] blob : List.of(config, layer)) {
            Response post = Check.status(with(token, "POST", "/v2/" + repo + "/blobs/uploads/"), 202);
            Check.created(
                    raw.request("PUT", Urls.withQuery(post.requireHeader("Location"), "digest", Digests.sha256(blob)))
                            .header("Authorization", Tokens.bearer(token))
                            .header("Content-Type", "application/octet-stream")
                            .body(blob)
                            .send());
        }
        Descriptor c = new Descriptor(MediaTypes.OCI_CONFIG, Digests.sha256(config), config.length);
        Descriptor l = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digests.sha256(layer), layer.length);
        byte[] manifest = Manifests.ociManifest(c, List.of(l)).build();
        Check.created(raw.request("PUT", "/v2/" + repo + "/manifests/v1")
                .header("Authorization", Tokens.bearer(token))
                .header("Content-Type", MediaTypes.OCI_MANIFEST)
                .body(manifest)
                .send());
        return new Image(repo, "v1", c, config, List.of(l), List.of(layer), manifest, Digests.sha256(manifest));
    }

    @Test
    void anonymousTokensGrantWhatThePolicyGivesEveryone() {
        Image open = server.as(ALICE).pushImage(repo("public", "anon"), "v1");
        String closed = repo(ALICE, "anon");

        Response r =
                Tokens.get(server, null, "repository:" + open.repo() + ":pull,push", "repository:" + closed + ":pull");

        String token = Tokens.token(r);
        assertThat(r.json().has("refresh_token")).isFalse();
        assertThat(AuthChecks.access(token)).containsExactly("repository:" + open.repo() + ":pull");
        assertThat(AuthChecks.claims(token).path("sub").asText(""))
                .as("sub of an anonymous token")
                .isEmpty();
        Check.status(
                raw.request("GET", "/v2/" + open.repo() + "/manifests/v1")
                        .header("Accept", MediaTypes.OCI_MANIFEST)
                        .header("Authorization", Tokens.bearer(token))
                        .send(),
                200);
        // What the anonymous token lacks, signing in may bring: the answer asks for a fitting token.
        bearerChallenge(
                AuthChecks.unchanged(server, () -> with(token, "POST", "/v2/" + open.repo() + "/blobs/uploads/")),
                server.defaultRealm(),
                "repository:" + open.repo() + ":pull,push",
                "insufficient_scope");
        bearerChallenge(
                with(token, "GET", "/v2/" + closed + "/tags/list"),
                server.defaultRealm(),
                "repository:" + closed + ":pull",
                "insufficient_scope");
        // A client that fetches anonymous tokens by itself pulls the public image as well.
        Check.status(
                server.anonymous()
                        .get("/v2/" + open.repo() + "/blobs/"
                                + open.layers().get(0).digest()),
                200);
    }

    @Test
    void aRequestForMoreThanThePolicyAllowsGetsThePartItAllows() {
        String shared = repo("shared", "partial");
        String foreign = repo(ALICE, "partial");

        Response r = Tokens.get(
                server,
                BOB,
                "repository:" + shared + ":pull,push,delete",
                "repository:" + foreign + ":pull",
                "registry:catalog:*");

        String token = Tokens.token(r);
        assertThat(AuthChecks.access(token))
                .containsExactlyInAnyOrder("repository:" + shared + ":pull", "registry:catalog:*");
        assertThat(AuthChecks.scopes(r.json().path("scope").asText()))
                .containsExactlyInAnyOrder("repository:" + shared + ":pull", "registry:catalog:*");
        denied(with(token, "DELETE", "/v2/" + shared + "/manifests/" + Digests.sha256(new byte[] {1})));
    }

    @Test
    void aScopeNamingAnInvalidRepositoryIsNeverGranted() {
        String own = repo(ALICE, "valid");
        List<String> invalid = List.of(
                "alice/../bob/secret",
                "alice/./x",
                "alice//x",
                "alice/X",
                "alice/x/",
                "alice/_x",
                "alice/" + "a".repeat(300));
        List<String> asked = new java.util.ArrayList<>(List.of("repository:" + own + ":pull,push"));
        invalid.forEach(name -> asked.add("repository:" + name + ":pull,push"));

        Response r = Check.status(Tokens.get(server, ALICE, asked.toArray(String[]::new)), 200);

        assertThat(AuthChecks.access(Tokens.token(r))).containsExactly("repository:" + own + ":pull,push");
        assertThat(r.json().path("scope").asText()).isEqualTo("repository:" + own + ":pull,push");
    }

    @Test
    void theBaseRouteAcceptsATokenWithoutScope() {
        bearerChallenge(raw.get("/v2/"), server.defaultRealm(), null, null);
        String token = Tokens.of(server, ALICE);
        assertThat(AuthChecks.access(token)).isEmpty();

        Check.status(with(token, "GET", "/v2/"), 200);
        Check.status(
                raw.request("HEAD", "/v2/")
                        .header("Authorization", Tokens.bearer(token))
                        .send(),
                200);
        String repo = repo(ALICE, "scopeless");
        bearerChallenge(
                with(token, "GET", "/v2/" + repo + "/tags/list"),
                server.defaultRealm(),
                "repository:" + repo + ":pull",
                "insufficient_scope");
    }

    @Test
    void badCredentialsAndAForeignServiceAreRefused() {
        Response wrong = Tokens.getWith(
                server,
                ClientAuth.basic(BOB, "not-" + server.password(BOB)),
                "service=berth&scope=repository:bob/x:pull");
        Check.error(wrong, 401, "UNAUTHORIZED");
        assertThat(wrong.text()).doesNotContain(server.password(BOB));

        Response service = Tokens.getWith(server, ClientAuth.basic(BOB, server.password(BOB)), "service=elsewhere");
        Check.status(service, 400);
        assertThat(service.json().path("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void tokensVerifyWithTheKeyOfThePublishedJwkSet() throws Exception {
        Response jwks = Check.status(raw.get("/.well-known/jwks.json"), 200);
        JWKSet set = JWKSet.parse(jwks.text());
        String token = Tokens.of(server, ALICE, "repository:" + repo(ALICE, "jwks") + ":pull");
        SignedJWT jwt = SignedJWT.parse(token);

        assertThat(set.getKeys()).hasSize(1);
        JWK key = set.getKeys().get(0);
        assertThat(key.isPrivate()).as("the published key is private").isFalse();
        assertThat(jwt.getHeader().getKeyID())
                .isEqualTo(key.getKeyID())
                .isEqualTo(key.computeThumbprint().toString());
        assertThat(jwt.verify(new ECDSAVerifier((ECKey) key)))
                .as("signature verifies with the JWKS key")
                .isTrue();
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(AuthServer.SERVICE);
    }

    @Test
    void withoutARealmTheChallengeTakesOnlyAPlainHostFromTheHostHeader() throws Exception {
        String challenge = rawGet("registry.example.test:5000");
        assertThat(challenge).startsWith("HTTP/1.1 401").contains("realm=\"http://registry.example.test:5000/token\"");
        for (String host : List.of(
                "evil.example\",service=\"x",
                "evil.example/phish",
                "user@evil.example",
                "a b",
                "a,b",
                "evil.example:99999")) {
            String answer = rawGet(host);
            assertThat(answer)
                    .as("Host: %s", host)
                    .startsWith("HTTP/1.1 400")
                    .doesNotContain("evil.example")
                    .contains("\"errors\"");
        }
    }

    /** GET /v2/ with this Host header over a plain socket (the JDK client will not send an arbitrary Host). */
    private static String rawGet(String host) throws java.io.IOException {
        try (java.net.Socket socket =
                new java.net.Socket(server.base().getHost(), server.base().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /v2/ HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void theChallengeNamesTheConfiguredRealm() {
        try (AuthServer behindProxy = AuthServer.start(
                AuthConfig.Mode.TOKEN, config -> config.set(ConfigKey.AUTH_REALM, "https://registry.example.test/"))) {
            RegistryClient client = behindProxy.raw();
            String repo = repo(ALICE, "realm");

            bearerChallenge(client.get("/v2/"), "https://registry.example.test/token", null, null);
            bearerChallenge(
                    client.get("/v2/" + repo + "/tags/list"),
                    "https://registry.example.test/token",
                    "repository:" + repo + ":pull",
                    null);
        }
    }
}
