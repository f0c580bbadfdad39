package dev.berth.conformance.auth;

import static dev.berth.conformance.auth.AuthChecks.bearerChallenge;
import static dev.berth.conformance.auth.AuthChecks.denied;
import static dev.berth.conformance.auth.AuthChecks.repo;
import static dev.berth.conformance.auth.AuthChecks.unchanged;
import static dev.berth.conformance.auth.AuthServer.ADMIN;
import static dev.berth.conformance.auth.AuthServer.ALICE;
import static dev.berth.conformance.auth.AuthServer.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.conformance.Check;
import dev.berth.conformance.Data;
import dev.berth.conformance.Digests;
import dev.berth.conformance.Image;
import dev.berth.conformance.MediaTypes;
import dev.berth.conformance.RegistryClient;
import dev.berth.conformance.Response;
import dev.berth.conformance.Urls;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token mode refuses what the policy does not grant ({@link AuthServer}): every denial path (pull,
 * push, delete, mount, catalog) for an anonymous caller (401 with a challenge naming the scope, with
 * {@code insufficient_scope} once it holds an anonymous token),
 * for a signed-in account whose token lacks what the policy would give it (401
 * {@code insufficient_scope}) and for one the policy refuses (403 DENIED), and storage unchanged
 * by every refusal.
 */
class TokenDenialTest {

    private static AuthServer server;
    private static RegistryClient raw;
    private static RegistryClient anonymous;
    private static RegistryClient alice;
    private static RegistryClient bob;
    private static RegistryClient admin;

    @BeforeAll
    static void start() {
        server = AuthServer.start(AuthConfig.Mode.TOKEN);
        raw = server.raw();
        anonymous = server.anonymous();
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

    private static String realm() {
        return server.defaultRealm();
    }

    /** Every read endpoint of a repository holding {@code image}: method and path. */
    private static List<String[]> pullRequests(Image image) {
        String r = "/v2/" + image.repo();
        return List.of(
                new String[] {"GET", r + "/manifests/" + image.tag()},
                new String[] {"HEAD", r + "/manifests/" + image.tag()},
                new String[] {"GET", r + "/manifests/" + image.digest()},
                new String[] {"GET", r + "/blobs/" + image.layers().get(0).digest()},
                new String[] {"HEAD", r + "/blobs/" + image.layers().get(0).digest()},
                new String[] {"GET", r + "/tags/list"},
                new String[] {"GET", r + "/referrers/" + image.digest()});
    }

    private static Response send(RegistryClient client, String[] request) {
        return client.request(request[0], request[1])
                .header("Accept", MediaTypes.OCI_MANIFEST)
                .send();
    }

    @Test
    void pullIsChallengedForAnonymousCallersAndDeniedToAnotherAccount() {
        Image image = alice.pushImage(repo(ALICE, "pull"), "v1");
        String scope = "repository:" + image.repo() + ":pull";

        unchanged(server, () -> {
            for (String[] request : pullRequests(image)) {
                bearerChallenge(send(raw, request), realm(), scope, null);
                // An anonymous token grants nothing here; its holder is asked to sign in.
                bearerChallenge(send(anonymous, request), realm(), scope, "insufficient_scope");
                denied(send(bob, request));
            }
        });
        for (String[] request : pullRequests(image)) {
            Check.status(send(alice, request), 200);
            Check.status(send(admin, request), 200);
        }
    }

    @Test
    void aRepositoryTheCallerMayNotPullLooksTheSameWhetherItExistsOrNot() {
        Image image = alice.pushImage(repo(ALICE, "exists"), "v1");
        String missing = repo(ALICE, "missing");

        Response existing = bob.get("/v2/" + image.repo() + "/tags/list");
        Response absent = bob.get("/v2/" + missing + "/tags/list");

        denied(existing);
        denied(absent);
        assertThat(existing.errorCodes()).isEqualTo(absent.errorCodes());
        bearerChallenge(raw.get("/v2/" + missing + "/tags/list"), realm(), "repository:" + missing + ":pull", null);
    }

    @Test
    void aTokenForAnotherRepositoryIsInsufficientScopeWhenThePolicyWouldGrantIt() {
        Image image = alice.pushImage(repo(ALICE, "scope"), "v1");
        String other = Tokens.of(server, ALICE, "repository:" + ALICE + "/elsewhere:pull,push");
        String pullOnly = Tokens.of(server, ALICE, "repository:" + image.repo() + ":pull");

        Response pull = raw.request("GET", "/v2/" + image.repo() + "/tags/list")
                .header("Authorization", Tokens.bearer(other))
                .send();
        Response push = unchanged(server, () -> raw.request("POST", "/v2/" + image.repo() + "/blobs/uploads/")
                .header("Authorization", Tokens.bearer(pullOnly))
                .body(new byte[0])
                .send());

        bearerChallenge(pull, realm(), "repository:" + image.repo() + ":pull", "insufficient_scope");
        bearerChallenge(push, realm(), "repository:" + image.repo() + ":pull,push", "insufficient_scope");
    }

    @Test
    void pushOfEveryKindIsRefusedToCallersWithoutPush() {
        // bob may pull shared/**, not push; alice may do everything there.
        String repo = repo("shared", "push");
        Image image = alice.pushImage(repo, "v1");
        byte[] blob = Data.random(2048);
        String digest = Digests.sha256(blob);
        String session = alice.startUpload(repo).requireHeader("Location");
        String scope = "repository:" + repo + ":pull,push";
        byte[] otherManifest = image.manifest().clone();

        unchanged(server, () -> {
            for (RegistryClient caller : List.of(raw, anonymous, bob)) {
                List<Response> refused = new ArrayList<>();
                refused.add(caller.request("POST", "/v2/" + repo + "/blobs/uploads/")
                        .body(new byte[0])
                        .send());
                refused.add(caller.request("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + digest)
                        .header("Content-Type", "application/octet-stream")
                        .body(blob)
                        .send());
                refused.add(caller.request("PATCH", session)
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Range", "0-" + (blob.length - 1))
                        .body(blob)
                        .send());
                refused.add(caller.request("PUT", Urls.withQuery(session, "digest", digest))
                        .header("Content-Type", "application/octet-stream")
                        .body(blob)
                        .send());
                refused.add(caller.request("GET", session).send());
                refused.add(caller.request("DELETE", session).send());
                refused.add(caller.putManifest(repo, "v2", MediaTypes.OCI_MANIFEST, otherManifest));
                refused.add(caller.putManifest(repo, "v1", MediaTypes.OCI_MANIFEST, otherManifest));
                for (Response r : refused) {
                    if (caller == raw) {
                        bearerChallenge(r, realm(), scope, null);
                    } else if (caller == anonymous) {
                        bearerChallenge(r, realm(), scope, "insufficient_scope");
                    } else {
                        denied(r);
                    }
                }
            }
        });

        // The session is intact: its owner finishes it with every byte, as if nothing had happened.
        Check.created(alice.request("PUT", Urls.withQuery(session, "digest", digest))
                .header("Content-Type", "application/octet-stream")
                .body(blob)
                .send());
        Check.status(alice.get("/v2/" + repo + "/blobs/" + digest), 200);
    }

    @Test
    void pushToARepositoryOfAnotherAccountIsDenied() {
        String repo = repo(ALICE, "bob-pushes");

        unchanged(server, () -> {
            denied(bob.request("POST", "/v2/" + repo + "/blobs/uploads/")
                    .body(new byte[0])
                    .send());
            denied(bob.putManifest(repo, "v1", MediaTypes.OCI_MANIFEST, "{}".getBytes()));
        });
        Check.error(admin.get("/v2/" + repo + "/tags/list"), 404, "NAME_UNKNOWN");
    }

    @Test
    void deleteIsRefusedToCallersWithoutDelete() {
        // bob may pull and push bob/**, but not delete; he may only pull shared/**.
        Image own = bob.pushImage(repo(BOB, "delete"), "v1");
        Image shared = alice.pushImage(repo("shared", "delete"), "v1");

        unchanged(server, () -> {
            for (Image image : List.of(own, shared)) {
                String r = "/v2/" + image.repo();
                List<String> paths = List.of(
                        r + "/manifests/" + image.digest(),
                        r + "/manifests/" + image.tag(),
                        r + "/blobs/" + image.layers().get(0).digest());
                for (String path : paths) {
                    bearerChallenge(raw.delete(path), realm(), "repository:" + image.repo() + ":delete", null);
                    bearerChallenge(
                            anonymous.delete(path),
                            realm(),
                            "repository:" + image.repo() + ":delete",
                            "insufficient_scope");
                    denied(bob.delete(path));
                }
            }
        });
        for (Image image : List.of(own, shared)) {
            Check.status(
                    admin.get("/v2/" + image.repo() + "/manifests/" + image.tag(), "Accept", MediaTypes.OCI_MANIFEST),
                    200);
        }
        Check.status(alice.delete("/v2/" + shared.repo() + "/manifests/" + shared.digest()), 202);
    }

    @Test
    void mountFromARepositoryTheCallerCannotPullBecomesAPlainUpload() {
        Image secret = alice.pushImage(repo(ALICE, "secret"), "v1");
        String layer = secret.layers().get(0).digest();
        String target = repo(BOB, "mount-target");

        Response mount = bob.request(
                        "POST", "/v2/" + target + "/blobs/uploads/?mount=" + layer + "&from=" + secret.repo())
                .body(new byte[0])
                .send();

        Check.status(mount, 202);
        mount.requireHeader("Location");
        assertNotLinked(target, layer, mount);
        // Naming a source bob may pull that lacks the blob does not reach into alice's either.
        String pullable = alice.pushImage(repo("shared", "mount-decoy"), "v1").repo();
        Response decoy = bob.request("POST", "/v2/" + target + "/blobs/uploads/?mount=" + layer + "&from=" + pullable)
                .body(new byte[0])
                .send();
        Check.status(decoy, 202);
        assertNotLinked(target, layer, decoy);
        // The upload it became is real: bob can finish it by sending the bytes himself.
        Check.created(bob.request("PUT", Urls.withQuery(mount.requireHeader("Location"), "digest", layer))
                .header("Content-Type", "application/octet-stream")
                .body(secret.layerBytes().get(0))
                .send());
    }

    @Test
    void mountWithoutFromTakesOnlyBlobsOfRepositoriesTheCallerCanPull() {
        Image secret = alice.pushImage(repo(ALICE, "secret-nofrom"), "v1");
        String target = repo(BOB, "mount-nofrom");

        Response mount = bob.request(
                        "POST",
                        "/v2/" + target + "/blobs/uploads/?mount="
                                + secret.layers().get(1).digest())
                .body(new byte[0])
                .send();

        Check.status(mount, 202);
        assertNotLinked(target, secret.layers().get(1).digest(), mount);

        // A blob bob can pull elsewhere is mounted, with or without from.
        Image shared = alice.pushImage(repo("shared", "mount-source"), "v1");
        Check.created(bob.request(
                        "POST",
                        "/v2/" + target + "/blobs/uploads/?mount="
                                + shared.layers().get(0).digest())
                .body(new byte[0])
                .send());
        Check.created(bob.request(
                        "POST",
                        "/v2/" + target + "/blobs/uploads/?mount="
                                + shared.layers().get(1).digest() + "&from=" + shared.repo())
                .body(new byte[0])
                .send());
        Check.status(
                admin.head("/v2/" + target + "/blobs/" + shared.layers().get(0).digest()), 200);
    }

    @Test
    void mountIsChallengedForAnonymousCallers() {
        Image source = alice.pushImage(repo("public", "mount-anon"), "v1");
        String target = repo(ALICE, "mount-anon-target");

        unchanged(server, () -> {
            Response r = raw.request(
                            "POST",
                            "/v2/" + target + "/blobs/uploads/?mount="
                                    + source.layers().get(0).digest() + "&from=" + source.repo())
                    .body(new byte[0])
                    .send();
            bearerChallenge(r, realm(), "repository:" + target + ":pull,push", null);
            bearerChallenge(
                    anonymous
                            .request(
                                    "POST",
                                    "/v2/" + target + "/blobs/uploads/?mount="
                                            + source.layers().get(0).digest() + "&from=" + source.repo())
                            .body(new byte[0])
                            .send(),
                    realm(),
                    "repository:" + target + ":pull,push",
                    "insufficient_scope");
        });
    }

    /** Neither bob nor an admin sees the blob in {@code repo}: the mount wrote no link. */
    private static void assertNotLinked(String repo, String digest, Response mount) {
        for (RegistryClient client : List.of(bob, admin)) {
            Response head = client.head("/v2/" + repo + "/blobs/" + digest);
            if (head.status() != 404) {
                throw new AssertionError("after the mount\n" + mount + "\nthe blob is in " + repo + ":\n" + head);
            }
        }
        Check.error(admin.get("/v2/" + repo + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
    }

    @Test
    void catalogNeedsTheCatalogRightAndListsOnlyPullableRepositories() {
        String suffix = Data.token(6);
        String aliceRepo = ALICE + "/catalog-" + suffix;
        String sharedRepo = "shared/catalog-" + suffix;
        String publicRepo = "public/catalog-" + suffix;
        String bobRepo = BOB + "/catalog-" + suffix;
        for (String r : List.of(aliceRepo, sharedRepo, publicRepo)) {
            alice.pushImage(r, "v1");
        }
        bob.pushImage(bobRepo, "v1");

        unchanged(server, () -> {
            bearerChallenge(raw.get("/v2/_catalog"), realm(), "registry:catalog:*", null);
            bearerChallenge(anonymous.get("/v2/_catalog"), realm(), "registry:catalog:*", "insufficient_scope");
            denied(alice.get("/v2/_catalog"));
        });

        List<String> seenByBob = catalog(bob, 1000);
        assertThat(seenByBob)
                .contains(sharedRepo, publicRepo, bobRepo)
                .doesNotContain(aliceRepo)
                .allMatch(n -> n.startsWith("shared/") || n.startsWith("public/") || n.startsWith("bob/"));
        assertThat(catalog(bob, 1)).as("bob's catalog, a page of one at a time").isEqualTo(seenByBob);
        assertThat(catalog(admin, 1000)).contains(aliceRepo, sharedRepo, publicRepo, bobRepo);
    }

    /** The whole catalog, following Link headers with pages of {@code n}. */
    static List<String> catalog(RegistryClient client, int n) {
        List<String> names = new ArrayList<>();
        String next = "/v2/_catalog?n=" + n;
        for (int page = 0; next != null; page++) {
            assertThat(page).as("pages of the catalog").isLessThan(10_000);
            Response r = Check.status(client.get(next), 200);
            names.addAll(Urls.textArray(r.json().path("repositories")));
            next = Urls.nextLink(r);
        }
        return names;
    }

    @Test
    void theBaseRouteNeedsAnyValidToken() {
        bearerChallenge(raw.get("/v2/"), realm(), null, null);
        Check.status(alice.get("/v2/"), 200);
        Check.status(anonymous.get("/v2/"), 200);
    }

    @Test
    void garbageCollectionOnDemandNeedsTheGcRight() {
        String path = "/admin/gc?dry-run=true";
        unchanged(server, () -> {
            bearerChallenge(raw.request("POST", path).body(new byte[0]).send(), realm(), "registry:gc:*", null);
            denied(alice.request("POST", path).body(new byte[0]).send());
            denied(bob.request("POST", path).body(new byte[0]).send());
        });
        Response report = admin.request("POST", path).body(new byte[0]).send();
        Check.status(report, 200);
        assertThat(report.text()).contains("\"dryRun\":true");
    }
}
