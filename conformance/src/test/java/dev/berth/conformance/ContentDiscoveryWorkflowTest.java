package dev.berth.conformance;

import static dev.berth.conformance.Check.header;
import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec's Content Discovery category: what a client can learn about a repository's content. */
class ContentDiscoveryWorkflowTest extends RegistryTest {

    @Test
    void listTheTagsOfARepositoryPageByPage() {
        Image image = registry.pushImage(repo, "1.0.0");
        List<String> tags = new ArrayList<>(List.of("1.0.0", "1.0", "1", "latest", "stable"));
        for (String tag : tags.subList(1, tags.size())) {
            registry.pushManifest(repo, tag, MediaTypes.OCI_MANIFEST, image.manifest());
        }
        tags.sort(null);

        List<String> seen = new ArrayList<>();
        String url = "/v2/" + repo + "/tags/list?n=2";
        for (int pages = 0; url != null; pages++) {
            assertThat(pages).as("pages").isLessThan(10);
            Response page = status(registry.get(url), 200);
            assertThat(page.json().path("name").asText()).isEqualTo(repo);
            seen.addAll(Urls.textArray(page.json().path("tags")));
            url = Urls.nextLink(page);
        }

        assertThat(seen).isEqualTo(tags);
    }

    @Test
    void findTheSignatureAndSbomOfAnImage() {
        Image image = registry.pushImage(repo, "app");
        ReferrersTest.Referrer signature = ReferrersTest.pushSignature(registry, repo, image.descriptor());
        ReferrersTest.Referrer sbom = ReferrersTest.pushSbomWithoutArtifactType(registry, repo, image.descriptor());

        Response all = status(registry.get("/v2/" + repo + "/referrers/" + image.digest()), 200);
        assertThat(ReferrersTest.descriptorsByDigest(all.json()).keySet())
                .as("referrers in\n%s", all)
                .containsExactlyInAnyOrder(signature.digest(), sbom.digest());

        Response signatures = status(
                registry.get(
                        "/v2/" + repo + "/referrers/" + image.digest() + "?artifactType=" + ReferrersTest.SIGNATURE),
                200);
        header(signatures, "OCI-Filters-Applied", "artifactType");
        assertThat(ReferrersTest.descriptorsByDigest(signatures.json()).keySet())
                .as("referrers in\n%s", signatures)
                .containsExactly(signature.digest());

        // The referrer itself is ordinary content: it can be pulled by the digest the listing gave.
        status(
                registry.get("/v2/" + repo + "/manifests/" + signature.digest(), "Accept", MediaTypes.OCI_MANIFEST),
                200);
    }

    @Test
    void findANewlyPushedRepositoryInTheCatalog() {
        registry.pushImage(repo, "latest");

        boolean found = false;
        String url = "/v2/_catalog?n=100";
        for (int pages = 0; url != null && !found; pages++) {
            assertThat(pages).as("catalog pages").isLessThan(10_000);
            Response page = status(registry.get(url), 200);
            found = Urls.textArray(page.json().path("repositories")).contains(repo);
            url = Urls.nextLink(page);
        }

        assertThat(found).as("%s in the catalog", repo).isTrue();
    }
}
