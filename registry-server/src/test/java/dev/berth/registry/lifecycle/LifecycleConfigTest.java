package dev.berth.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.model.RepositoryName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repositories.lifecycle} in the YAML file (policy inline, as text or file) and the environment. */
class LifecycleConfigTest {
    private static final String RULE = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
            + "\"countType\":\"imageCountMoreThan\",\"countNumber\":%d},\"action\":{\"type\":\"expire\"}}]}";

    @TempDir
    Path dir;

    private LifecycleRules rules(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("berth.yaml"), yaml);
        return LifecycleRules.of(new ConfigLoader().file(file).load().lifecycle());
    }

    private static int kept(LifecycleRules rules, String repository) {
        return rules.policyFor(new RepositoryName(repository))
                .orElseThrow()
                .rules()
                .get(0)
                .countNumber();
    }

    @Test
    void policiesAreWrittenInlineAsMappingsOrTextOrInAFileAndTheFirstMatchingEntryApplies() throws IOException {
        Files.writeString(dir.resolve("ecr.json"), RULE.formatted(3));
        LifecycleRules rules = rules("""
                repositories:
                  lifecycle:
                    - repositories: ["team/*"]
                      policy:
                        rules:
                          - rulePriority: 1
                            selection: {tagStatus: untagged, countType: imageCountMoreThan, countNumber: 1}
                            action: {type: expire}
                    - repositories: ["team/**", "base"]
                      policy: '%s'
                    - repositories: ["**"]
                      policy-file: %s
                """.formatted(RULE.formatted(2), dir.resolve("ecr.json")));
        assertThat(kept(rules, "team/app")).isEqualTo(1);
        assertThat(kept(rules, "team/app/nested")).isEqualTo(2);
        assertThat(kept(rules, "base")).isEqualTo(2);
        assertThat(kept(rules, "other")).isEqualTo(3);
    }

    @Test
    void theEnvironmentWritesTheListAsJson() {
        RegistryConfig config = new ConfigLoader()
                .environment(Map.of(
                        "BERTH_REPOSITORIES_LIFECYCLE",
                        "[{\"repositories\": [\"app\"], \"policy\": " + RULE.formatted(4) + "}]"))
                .load();
        assertThat(kept(LifecycleRules.of(config.lifecycle()), "app")).isEqualTo(4);
        assertThat(LifecycleRules.of(config.lifecycle()).policyFor(new RepositoryName("other")))
                .isEmpty();
        assertThat(ConfigKey.REPOSITORIES_LIFECYCLE.environmentVariable()).isEqualTo("BERTH_REPOSITORIES_LIFECYCLE");
    }

    @Test
    void aServerWithAnInvalidPolicyDoesNotStart() {
        RegistryConfig config = new ConfigLoader()
                .set(ConfigKey.STORAGE, dir.resolve("data").toString())
                .set(ConfigKey.LISTEN, "127.0.0.1:0")
                .set(
                        ConfigKey.REPOSITORIES_LIFECYCLE,
                        "[{\"repositories\": [\"app\"], \"policy\": " + RULE.formatted(0) + "}]")
                .load();
        assertThatThrownBy(() -> dev.berth.registry.RegistryServer.start(config).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("repositories.lifecycle[0].policy: rules[0].selection.countNumber");
        assertThat(dir.resolve("data")).as("refused before storage is opened").doesNotExist();
    }

    @Test
    void badEntriesAndBadPoliciesAreConfigurationErrors() {
        assertThatThrownBy(() -> rules("repositories:\n  lifecycle:\n    - repositories: [app]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("exactly one of policy and policy-file");
        assertThatThrownBy(() -> rules("repositories:\n  lifecycle:\n    - repositories: [App]\n      policy: x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'App' is not a repository pattern");
        assertThatThrownBy(() -> rules("repositories:\n  lifecycle:\n    - repository: [app]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'repository'");
        assertThatThrownBy(() -> rules("repositories:\n  lifecycle:\n    - repositories: [app]\n"
                        + "      policy-file: " + dir.resolve("absent.json") + "\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read policy-file");
        assertThatThrownBy(() -> rules("repositories:\n  lifecycle:\n    - repositories: [app]\n"
                        + "      policy: {rules: [{rulePriority: 1}]}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("repositories.lifecycle[0].policy: rules[0]: needs \"action\"");
        assertThatThrownBy(() -> new ConfigLoader()
                        .set(ConfigKey.REPOSITORIES_LIFECYCLE, "{\"not\": \"a list\"}")
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected a list of mappings");
    }
}
