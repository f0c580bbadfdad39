package dev.berth.conformance.auth;

import static dev.berth.conformance.auth.AuthChecks.basicChallenge;
import static dev.berth.conformance.auth.AuthChecks.denied;
import static dev.berth.conformance.auth.AuthChecks.repo;
import static dev.berth.conformance.auth.AuthChecks.unchanged;
import static dev.berth.conformance.auth.AuthServer.ADMIN;
import static dev.berth.conformance.auth.AuthServer.ALICE;
import static dev.berth.conformance.auth.AuthServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.conformance.Check;
import dev.berth.conformance.ClientAuth;
import dev.berth.conformance.Data;
import dev.berth.conformance.Digests;
import dev.berth.conformance.Image;
import dev.berth.conformance.MediaTypes;
import dev.berth.conformance.RegistryClient;
import dev.berth.conformance.Response;
import dev.berth.conformance.Urls;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Basic mode with the same accounts and policy as token mode ({@link AuthServer}): an anonymous
 * caller gets what the policy grants everyone and a Basic challenge otherwise, a signed-in
 * account the policy refuses gets 403 DENIED, and no refusal changes storage.
 */
class BasicDenialTest {

    private static AuthServer server;
    private static RegistryClient raw;
    private static RegistryClient alice;
    private static RegistryClient bob;
    private static RegistryClient admin;

    @BeforeAll
    static void start() {
        server = AuthServer.start(AuthConfig.Mode.BASIC);
        raw = server.raw();
        alice = server.as(ALICE);
        bob = server.as(BOB);
        admin = server.as(ADMIN);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theBaseRouteNeedsCredentialsAndWrongOnesAreUnauthorized() {
        basicChallenge(raw.get("/v2/"));
        Check.status(alice.get("/v2/"), 200);
        RegistryClient wrong = raw.withAuth(ClientAuth.user(ALICE, "not-" + server.password(ALICE)));
        basicChallenge(wrong.get("/v2/"));
        RegistryClient stranger = raw.withAuth(ClientAuth.user("mallory", "whatever"));
        basicChallenge(stranger.get("/v2/"));
    }

    @Test
    void anonymousCallersPullWhatThePolicyGrantsEveryoneAndNothingElse() {
        Image open = alice.pushImage(repo("public", "basic"), "v1");
        Image closed = alice.pushImage(repo(ALICE, "basic"), "v1");

        Check.status(raw.get("/v2/" + open.repo() + "/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST), 200);
        Check.status(
                raw.get("/v2/" + open.repo() + "/blobs/" + open.layers().get(0).digest()), 200);
        unchanged(server, () -> {
            basicChallenge(raw.get("/v2/" + closed.repo() + "/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST));
            basicChallenge(raw.get(
                    "/v2/" + closed.repo() + "/blobs/" + closed.layers().get(0).digest()));
            basicChallenge(raw.get("/v2/" + closed.repo() + "/tags/list"));
            basicChallenge(raw.request("POST", "/v2/" + open.repo() + "/blobs/uploads/")
                    .body(new byte[0])
                    .send());
            basicChallenge(raw.delete("/v2/" + open.repo() + "/manifests/" + open.digest()));
        });
    }

    @Test
    void anotherAccountIsDeniedPull() {
        Image closed = alice.pushImage(repo(ALICE, "basic-pull"), "v1");

        unchanged(server, () -> {
            denied(bob.get("/v2/" + closed.repo() + "/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST));
            denied(bob.head(
                    "/v2/" + closed.repo() + "/blobs/" + closed.layers().get(0).digest()));
            denied(bob.get("/v2/" + closed.repo() + "/tags/list"));
        });
    }

    @Test
    void pushIsDeniedToAnAccountThatMayOnlyPull() {
        String repo = repo("shared", "basic-push");
        Image image = alice.pushImage(repo, "v1");
        byte[] blob = Data.random(1500);
        String digest = Digests.sha256(blob);
        String session = alice.startUpload(repo).requireHeader("Location");

        unchanged(server, () -> {
            denied(bob.request("POST", "/v2/" + repo + "/blobs/uploads/")
                    .body(new byte[0])
                    .send());
            denied(bob.request("PATCH", session)
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", "0-" + (blob.length - 1))
                    .body(blob)
                    .send());
            denied(bob.request("PUT", Urls.withQuery(session, "digest", digest))
                    .header("Content-Type", "application/octet-stream")
                    .body(blob)
                    .send());
            denied(bob.putManifest(repo, "v2", MediaTypes.OCI_MANIFEST, image.manifest()));
            basicChallenge(raw.request("PATCH", session)
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", "0-" + (blob.length - 1))
                    .body(blob)
                    .send());
        });
        Check.created(alice.request("PUT", Urls.withQuery(session, "digest", digest))
                .header("Content-Type", "application/octet-stream")
                .body(blob)
                .send());
    }

    @Test
    void deleteIsDeniedToAnAccountWithoutDelete() {
        Image own = bob.pushImage(repo(BOB, "basic-delete"), "v1");

        unchanged(server, () -> {
            denied(bob.delete("/v2/" + own.repo() + "/manifests/" + own.digest()));
            denied(bob.delete(
                    "/v2/" + own.repo() + "/blobs/" + own.layers().get(0).digest()));
        });
        Check.status(admin.delete("/v2/" + own.repo() + "/manifests/" + own.digest()), 202);
    }

    @Test
    void mountFromARepositoryTheCallerCannotPullBecomesAPlainUpload() {
        Image secret = alice.pushImage(repo(ALICE, "basic-secret"), "v1");
        String target = repo(BOB, "basic-mount");
        String layer = secret.layers().get(0).digest();

        Response withFrom = bob.request(
                        "POST", "/v2/" + target + "/blobs/uploads/?mount=" + layer + "&from=" + secret.repo())
                .body(new byte[0])
                .send();
        Response withoutFrom = bob.request("POST", "/v2/" + target + "/blobs/uploads/?mount=" + layer)
                .body(new byte[0])
                .send();

        Check.status(withFrom, 202);
        Check.status(withoutFrom, 202);
        Check.error(admin.get("/v2/" + target + "/blobs/" + layer), 404, "BLOB_UNKNOWN");
    }

    @Test
    void catalogNeedsTheCatalogRightAndListsOnlyPullableRepositories() {
        String aliceRepo = repo(ALICE, "basic-catalog");
        String sharedRepo = repo("shared", "basic-catalog");
        alice.pushImage(aliceRepo, "v1");
        alice.pushImage(sharedRepo, "v1");

        basicChallenge(raw.get("/v2/_catalog"));
        denied(alice.get("/v2/_catalog"));
        List<String> seenByBob = TokenDenialTest.catalog(bob, 100);
        assertThat(seenByBob).contains(sharedRepo).doesNotContain(aliceRepo);
        assertThat(TokenDenialTest.catalog(admin, 100)).contains(aliceRepo, sharedRepo);
    }
}
