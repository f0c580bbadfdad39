package dev.berth.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every selector of an ECR lifecycle policy, at a time the test chooses. */
class PolicyEvaluatorTest {
    private static final Instant NOW = Instant.parse("2030-06-30T00:00:00Z");

    /** An image pushed {@code daysAgo} days before {@link #NOW}. */
    private static Image image(String name, int daysAgo, String... tags) {
        return new Image(digest(name), List.of(tags), NOW.minus(Duration.ofDays(daysAgo)));
    }

    static Digest digest(String name) {
        return Digest.of(DigestAlgorithm.SHA256, name.getBytes(StandardCharsets.UTF_8));
    }

    private static String rule(int priority, String selection) {
        return "{\"rulePriority\":" + priority + ",\"selection\":{" + selection + "},\"action\":{\"type\":\"expire\"}}";
    }

    private static LifecyclePolicy policy(String... rules) {
        return LifecyclePolicy.parse("{\"rules\":[" + String.join(",", rules) + "]}", "test");
    }

    /** Image name to the priority of the rule that expires it. */
    private static Map<String, Integer> expired(List<Image> images, LifecyclePolicy policy) {
        Map<Digest, String> names = images.stream()
                .collect(Collectors.toMap(
                        Image::digest,
                        i -> i.tags().isEmpty() ? "untagged@" + i.pushedAt() : String.join(",", i.tags())));
        return PolicyEvaluator.evaluate(images, policy, NOW).stream()
                .filter(Decision::expire)
                .collect(Collectors.toMap(
                        d -> names.get(d.digest()), d -> d.rule().priority()));
    }

    @Test
    void taggedWithAPrefixKeepsTheNewestCount() {
        List<Image> images =
                List.of(image("a", 5, "v1"), image("b", 4, "v2"), image("c", 3, "v3"), image("d", 1, "dev-1"));
        LifecyclePolicy keepTwo = policy(rule(
                1,
                "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"v\"],"
                        + "\"countType\":\"imageCountMoreThan\",\"countNumber\":2"));
        assertThat(expired(images, keepTwo)).containsExactly(Map.entry("v1", 1));
    }

    @Test
    void everyPrefixOrPatternOfTheListMustMatchSomeTag() {
        List<Image> images = List.of(
                image("a", 20, "prod-1", "beta-1"),
                image("b", 20, "prod-2"),
                image("c", 20, "release-2030-candidate"),
                image("d", 20, "release-2030"));
        LifecyclePolicy both = policy(rule(
                1,
                "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"prod\",\"beta\"],"
                        + "\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":10"));
        assertThat(expired(images, both)).containsOnlyKeys("beta-1,prod-1");

        LifecyclePolicy pattern = policy(rule(
                1,
                "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"release-*-candidate\"],"
                        + "\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":10"));
        assertThat(expired(images, pattern)).containsOnlyKeys("release-2030-candidate");
        LifecyclePolicy wildcards = policy(rule(
                1,
                "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"*-*\",\"prod*\"],"
                        + "\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":10"));
        assertThat(expired(images, wildcards)).containsOnlyKeys("beta-1,prod-1", "prod-2");
    }

    @Test
    void untaggedSelectsOnlyImagesWithoutTags() {
        List<Image> images = List.of(image("a", 9, "v1"), image("b", 8), image("c", 7), image("d", 6));
        LifecyclePolicy keepOne = policy(
                rule(1, "\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\"," + "\"countNumber\":1"));
        assertThat(expired(images, keepOne))
                .containsOnlyKeys(
                        "untagged@" + NOW.minus(Duration.ofDays(8)), "untagged@" + NOW.minus(Duration.ofDays(7)));
    }

    @Test
    void sinceImagePushedExpiresWhatIsOlderThanTheDays() {
        List<Image> images = List.of(image("a", 15, "x"), image("b", 14), image("c", 13, "y"));
        LifecyclePolicy older = policy(rule(
                1,
                "\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\","
                        + "\"countUnit\":\"days\",\"countNumber\":14"));
        // Pushed exactly 14 days ago is not more than 14 days old.
        assertThat(expired(images, older)).containsOnlyKeys("x");
        Image justOver = new Image(
                digest("e"), List.of("z"), NOW.minus(Duration.ofDays(14)).minusSeconds(1));
        assertThat(expired(List.of(justOver), older)).containsOnlyKeys("z");
    }

    @Test
    void anyCountsTaggedAndUntaggedTogether() {
        List<Image> images = List.of(image("a", 4, "v1"), image("b", 3), image("c", 2, "v2"), image("d", 1));
        LifecyclePolicy keepTwo =
                policy(rule(1, "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\"," + "\"countNumber\":2"));
        assertThat(expired(images, keepTwo)).containsOnlyKeys("v1", "untagged@" + NOW.minus(Duration.ofDays(3)));
    }

    @Test
    void anImageWhoseTagsAHigherPriorityRuleMatchesIsDecidedByThatRuleAlone() {
        // ECR's own example A: rule 1 expires A, rule 2 selects A and B but B is rule 1's.
        List<Image> images =
                List.of(image("a", 10, "beta-1", "prod-1"), image("b", 9, "beta-2", "prod-2"), image("c", 8, "beta-3"));
        LifecyclePolicy policy = policy(
                rule(
                        1,
                        "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"prod\"],\"countType\":\"imageCountMoreThan\","
                                + "\"countNumber\":1"),
                rule(
                        2,
                        "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"beta\"],\"countType\":\"imageCountMoreThan\","
                                + "\"countNumber\":1"));
        assertThat(expired(images, policy)).containsExactly(Map.entry("beta-1,prod-1", 1));
        List<Decision> decisions = PolicyEvaluator.evaluate(images, policy, NOW);
        assertThat(decisions).filteredOn(d -> !d.expire()).singleElement().satisfies(d -> {
            assertThat(d.digest()).isEqualTo(digest("b"));
            assertThat(d.rule().priority()).isEqualTo(2);
            assertThat(d.reason()).contains("match rule 1 first");
        });
    }

    @Test
    void aKeepingRuleShieldsItsImagesAndTheAnyRuleExpiresTheRest() {
        List<Image> images = List.of(
                image("a", 40, "release-1"), image("b", 35, "feature-x"), image("c", 30), image("d", 2, "feature-y"));
        LifecyclePolicy policy = policy(
                rule(
                        3,
                        "\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\","
                                + "\"countNumber\":30"),
                rule(
                        1,
                        "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"release-*\"],"
                                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":9999"),
                rule(
                        2,
                        "\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\","
                                + "\"countNumber\":7"));
        assertThat(expired(images, policy))
                .containsOnly(Map.entry("feature-x", 3), Map.entry("untagged@" + NOW.minus(Duration.ofDays(30)), 2));
    }

    @Test
    void equalPushTimesAreOrderedByDigestSoPlansAreStable() {
        List<Image> images = List.of(image("a", 1, "t-a"), image("b", 1, "t-b"), image("c", 1, "t-c"));
        LifecyclePolicy keepOne = policy(rule(
                1,
                "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"t-\"],"
                        + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1"));
        assertThat(expired(images, keepOne))
                .hasSize(2)
                .isEqualTo(expired(List.of(images.get(2), images.get(0), images.get(1)), keepOne));
    }
}
