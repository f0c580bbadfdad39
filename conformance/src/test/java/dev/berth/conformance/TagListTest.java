package dev.berth.conformance;

import static dev.berth.conformance.Check.error;
import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /v2/name/tags/list with and without pagination. */
class TagListTest extends RegistryTest {

    /** Pushed in this (unsorted) order; the registry must answer them sorted. */
    private static final List<String> TAGS = List.of("v2", "latest", "1.0", "v10", "beta-1", "beta.2", "alpha", "v1");

    private List<String> sorted;

    @BeforeEach
    void pushTags() {
        Image image = registry.pushImage(repo, null);
        for (String tag : TAGS) {
            registry.pushManifest(repo, tag, MediaTypes.OCI_MANIFEST, image.manifest());
        }
        sorted = new ArrayList<>(TAGS);
        Collections.sort(sorted);
    }

    @Test
    void listsAllTagsSorted() {
        Response list = registry.get("/v2/" + repo + "/tags/list");

        status(list, 200);
        assertThat(list.json().path("name").asText()).as("name in\n%s", list).isEqualTo(repo);
        assertThat(Urls.textArray(list.json().path("tags")))
                .as("tags in\n%s", list)
                .isEqualTo(sorted);
        assertThat(Urls.nextLink(list)).as("Link in\n%s", list).isNull();
    }

    @Test
    void firstPageHasNTagsAndALinkToTheNext() {
        Response page = registry.get("/v2/" + repo + "/tags/list?n=3");

        status(page, 200);
        assertThat(Urls.textArray(page.json().path("tags")))
                .as("tags in\n%s", page)
                .isEqualTo(sorted.subList(0, 3));
        String next = Urls.nextLink(page);
        assertThat(next).as("Link rel=next in\n%s", page).isNotNull();
        assertThat(registry.resolve(next).getPath())
                .as("Link path in\n%s", page)
                .isEqualTo("/v2/" + repo + "/tags/list");
        Map<String, String> query = Urls.query(registry.resolve(next).toString());
        assertThat(query)
                .as("Link query in\n%s", page)
                .containsEntry("last", sorted.get(2))
                .containsEntry("n", "3");
    }

    @Test
    void followingLinksVisitsEveryTagOnce() {
        List<String> seen = new ArrayList<>();
        String url = "/v2/" + repo + "/tags/list?n=3";
        int pages = 0;
        while (url != null) {
            Response page = status(registry.get(url), 200);
            List<String> tags = Urls.textArray(page.json().path("tags"));
            assertThat(tags.size()).as("page size in\n%s", page).isLessThanOrEqualTo(3);
            seen.addAll(tags);
            url = Urls.nextLink(page);
            assertThat(++pages).as("number of pages").isLessThanOrEqualTo(TAGS.size());
        }

        assertThat(seen).isEqualTo(sorted);
    }

    @Test
    void lastStartsAfterTheGivenTag() {
        Response page = registry.get("/v2/" + repo + "/tags/list?n=2&last=" + sorted.get(3));

        status(page, 200);
        assertThat(Urls.textArray(page.json().path("tags")))
                .as("tags in\n%s", page)
                .isEqualTo(sorted.subList(4, 6));
    }

    @Test
    void lastWithoutNListsTheRest() {
        Response page = registry.get("/v2/" + repo + "/tags/list?last=" + sorted.get(4));

        status(page, 200);
        assertThat(Urls.textArray(page.json().path("tags")))
                .as("tags in\n%s", page)
                .isEqualTo(sorted.subList(5, sorted.size()));
    }

    @Test
    void pageLargerThanTheListHasNoLink() {
        Response page = registry.get("/v2/" + repo + "/tags/list?n=100");

        status(page, 200);
        assertThat(Urls.textArray(page.json().path("tags")))
                .as("tags in\n%s", page)
                .isEqualTo(sorted);
        assertThat(Urls.nextLink(page)).as("Link in\n%s", page).isNull();
    }

    @Test
    void unknownRepositoryIsNotFound() {
        error(registry.get("/v2/" + Repos.unique("never-pushed") + "/tags/list"), 404, "NAME_UNKNOWN");
    }
}
