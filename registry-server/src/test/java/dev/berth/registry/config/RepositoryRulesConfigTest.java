package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.model.ImmutableTagRule;
import dev.berth.registry.model.QuotaRule;
import dev.berth.registry.model.RepositoryGlob;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.RepositoryRules;
import dev.berth.registry.model.Tag;
import dev.berth.registry.model.TagGlob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repositories.immutable-tags} and {@code repositories.quotas}: lists of objects, in YAML or in the environment. */
class RepositoryRulesConfigTest {
    @TempDir
    Path dir;

    RepositoryRules fromFile(String yaml) throws IOException {
        return new ConfigLoader()
                .file(Files.writeString(dir.resolve("berth.yml"), yaml))
                .load()
                .repositories();
    }

    static RepositoryRules fromEnvironment(String variable, String value) {
        return new ConfigLoader().environment(Map.of(variable, value)).load().repositories();
    }

    @Test
    void noneByDefault() {
        assertThat(new ConfigLoader().load().repositories()).isEqualTo(RepositoryRules.NONE);
    }

    @Test
    void rulesFromTheFile() throws IOException {
        RepositoryRules rules = fromFile("""
                repositories:
                  immutable-tags:
                    - repositories: ["team-a/**", "prod/*"]
                      exclude-tags: [latest, "dev-*"]
                    - repositories: release/app
                  quotas:
                    - repositories: "team-a/**"
                      limit: 10GiB
                    - repositories: ["team-b/**"]
                      limit: 500 MB
                      per: namespace
                    - repositories: "**"
                      limit: 1073741824
                """);
        assertThat(rules.immutableTags())
                .containsExactly(
                        new ImmutableTagRule(
                                List.of(new RepositoryGlob("team-a/**"), new RepositoryGlob("prod/*")),
                                List.of(new TagGlob("latest"), new TagGlob("dev-*"))),
                        new ImmutableTagRule(List.of(new RepositoryGlob("release/app")), List.of()));
        assertThat(rules.quotas())
                .containsExactly(
                        new QuotaRule(List.of(new RepositoryGlob("team-a/**")), 10L << 30, QuotaRule.Per.REPOSITORY),
                        new QuotaRule(List.of(new RepositoryGlob("team-b/**")), 500_000_000L, QuotaRule.Per.NAMESPACE),
                        new QuotaRule(List.of(new RepositoryGlob("**")), 1L << 30, QuotaRule.Per.REPOSITORY));
        ImmutableTagRule teamA = rules.immutableTags().get(0);
        assertThat(teamA.freezes(new RepositoryName("team-a/x/y"), new Tag("v1")))
                .isTrue();
        assertThat(teamA.freezes(new RepositoryName("team-a/x/y"), new Tag("latest")))
                .isFalse();
        assertThat(teamA.freezes(new RepositoryName("team-a/x/y"), new Tag("dev-42")))
                .isFalse();
        assertThat(teamA.freezes(new RepositoryName("team-b/x"), new Tag("v1"))).isFalse();
        assertThat(rules.quotas().get(1)).hasToString("team-b/** (500 MB per namespace)");
    }

    @Test
    void rulesFromTheEnvironmentAsJsonOrYamlFlow() {
        RepositoryRules json = fromEnvironment(
                "BERTH_REPOSITORIES_QUOTAS", "[{\"repositories\": \"team-a/**\", \"limit\": \"2GiB\"}]");
        assertThat(json.quotas())
                .containsExactly(
                        new QuotaRule(List.of(new RepositoryGlob("team-a/**")), 2L << 30, QuotaRule.Per.REPOSITORY));
        RepositoryRules flow = fromEnvironment(
                "BERTH_REPOSITORIES_IMMUTABLE_TAGS", "[{repositories: [team-a/**], exclude-tags: [latest]}]");
        assertThat(flow.immutableTags())
                .containsExactly(
                        new ImmutableTagRule(List.of(new RepositoryGlob("team-a/**")), List.of(new TagGlob("latest"))));
    }

    @Test
    void mistakesNameTheKeyTheItemAndTheField() throws IOException {
        assertFileRefused(
                "repositories:\n  quotas:\n    - repositories: a/**\n", "repositories.quotas item 1: limit is missing");
        assertFileRefused(
                "repositories:\n  quotas:\n    - {repositories: a, limit: 1}\n    - {repositories: a, limit: 10 GB x}\n",
                "repositories.quotas item 2: limit: '10 GB x' is not a size");
        assertFileRefused(
                "repositories:\n  quotas:\n    - {repositories: a, limit: 0}\n",
                "repositories.quotas item 1: a quota's limit must be more than 0 bytes");
        assertFileRefused(
                "repositories:\n  quotas:\n    - {repositories: a, limit: 1KB, per: team}\n",
                "repositories.quotas item 1: per: expected repository or namespace");
        assertFileRefused(
                "repositories:\n  quotas:\n    - {repositories: a, limt: 1KB}\n",
                "repositories.quotas item 1: unknown field 'limt' (known: limit, per, repositories)");
        assertFileRefused(
                "repositories:\n  quotas:\n    - {limit: 1KB}\n",
                "repositories.quotas item 1: repositories is missing");
        assertFileRefused(
                "repositories:\n  immutable-tags:\n    - repositories: [Team/**]\n",
                "repositories.immutable-tags item 1: repositories: 'Team/**' is not a repository pattern");
        assertFileRefused(
                "repositories:\n  immutable-tags:\n    - repositories: ['${user}/**']\n",
                "repositories.immutable-tags item 1: repositories: ${user} has a meaning only in the auth policy");
        assertFileRefused(
                "repositories:\n  immutable-tags:\n    - {repositories: a, exclude-tags: [dev/x]}\n",
                "repositories.immutable-tags item 1: tag pattern 'dev/x'");
        assertFileRefused(
                "repositories:\n  immutable-tags:\n    - {repositories: a, exclude-tags: [1.0]}\n",
                "repositories.immutable-tags item 1: exclude-tags: expected text, not 1.0 (quote it)");
        assertFileRefused(
                "repositories:\n  immutable-tags:\n    - a/**\n",
                "repositories.immutable-tags item 1: expected an object");
        assertFileRefused(
                "repositories:\n  immutable-tags: a/**\n", "repositories.immutable-tags: expected a list of objects");
        assertThatThrownBy(() -> fromEnvironment("BERTH_REPOSITORIES_QUOTAS", "{repositories: a}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("repositories.quotas: expected a list");
        assertThatThrownBy(() -> fromEnvironment("BERTH_REPOSITORIES_QUOTAS", "[{repositories: a, limit: 1KB"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("repositories.quotas: not a list of objects");
    }

    private void assertFileRefused(String yaml, String message) {
        assertThatThrownBy(() -> fromFile(yaml))
                .as(yaml)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }
}
