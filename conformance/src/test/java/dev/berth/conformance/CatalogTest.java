package dev.berth.conformance;

import static dev.berth.conformance.Check.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /v2/_catalog. The registry may hold repositories of other tests or other users, so every check
 * looks only at the window of names that starts with this test's own prefix.
 */
class CatalogTest extends RegistryTest {

    private List<String> names;

    @BeforeEach
    void pushRepositories() {
        names = List.of(repo + "/a", repo + "/b", repo + "/c");
        for (String name : names) {
            registry.pushImage(name, "latest");
        }
    }

    @Test
    void pageAfterOurPrefixListsOurRepositoriesAndLinksOn() {
        Response page = registry.get("/v2/_catalog?n=2&last=" + repo);

        status(page, 200);
        assertThat(Urls.textArray(page.json().path("repositories")))
                .as("repositories in\n%s", page)
                .isEqualTo(names.subList(0, 2));
        String next = Urls.nextLink(page);
        assertThat(next).as("Link rel=next in\n%s", page).isNotNull();
        assertThat(registry.resolve(next).getPath())
                .as("Link path in\n%s", page)
                .isEqualTo("/v2/_catalog");
        Map<String, String> query = Urls.query(registry.resolve(next).toString());
        assertThat(query)
                .as("Link query in\n%s", page)
                .containsEntry("last", names.get(1))
                .containsEntry("n", "2");

        Response second = status(registry.get(next), 200);
        List<String> rest = Urls.textArray(second.json().path("repositories"));
        assertThat(rest).as("repositories in\n%s", second).isNotEmpty();
        assertThat(rest.get(0))
                .as("first repository of the next page in\n%s", second)
                .isEqualTo(names.get(2));
    }

    @Test
    void fullCatalogIsSortedAndContainsOurRepositories() {
        List<String> all = new ArrayList<>();
        String url = "/v2/_catalog?n=50";
        for (int pages = 0; url != null; pages++) {
            assertThat(pages).as("catalog pages").isLessThan(10_000);
            Response page = status(registry.get(url), 200);
            List<String> repositories = Urls.textArray(page.json().path("repositories"));
            assertThat(repositories.size()).as("page size in\n%s", page).isLessThanOrEqualTo(50);
            all.addAll(repositories);
            url = Urls.nextLink(page);
        }

        assertThat(all).containsAll(names);
        assertThat(all).isSorted().doesNotHaveDuplicates();
    }
}
