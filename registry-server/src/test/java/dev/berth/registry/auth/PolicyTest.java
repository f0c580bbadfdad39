package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.config.ConfigException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {
    private static final Policy POLICY = Policy.parse("""
            groups:
              admins: [alice]
              ci: [ci-bot, release-bot]
            rules:
              - subjects: ["*"]
                repositories: ["public/**"]
                actions: [pull]
              - subjects: [anonymous]
                repositories: ["guest/*"]
                actions: [pull]
              - subjects: [authenticated]
                repositories: ["${user}", "${user}/**"]
                actions: ["*"]
              - subjects: ["group:ci", "user:bob"]
                repositories: ["team/*"]
                actions: [pull, push]
              - subjects: ["group:admins"]
                repositories: ["**"]
                actions: ["*"]
                registry: [catalog]
            """);

    @Test
    void singleStarStaysWithinOneComponent() {
        assertThat(POLICY.allows("bob", "repository", "team/app", "push")).isTrue();
        assertThat(POLICY.allows("bob", "repository", "team/app/sub", "pull")).isFalse();
        assertThat(POLICY.allows("bob", "repository", "team", "pull")).isFalse();
    }

    @Test
    void doubleStarCrossesComponents() {
        assertThat(POLICY.allows(null, "repository", "public/a", "pull")).isTrue();
        assertThat(POLICY.allows(null, "repository", "public/a/b/c", "pull")).isTrue();
        assertThat(POLICY.allows(null, "repository", "public", "pull")).isFalse();
        assertThat(POLICY.allows(null, "repository", "publicity/a", "pull")).isFalse();
        assertThat(POLICY.allows("alice", "repository", "any/thing/at/all", "delete"))
                .isTrue();
    }

    @Test
    void userVariableIsTheCallersOwnNamespace() {
        assertThat(POLICY.allows("carol", "repository", "carol", "push")).isTrue();
        assertThat(POLICY.allows("carol", "repository", "carol/app", "delete")).isTrue();
        assertThat(POLICY.allows("carol", "repository", "dave/app", "pull")).isFalse();
        assertThat(POLICY.allows("carol", "repository", "carolx/app", "pull")).isFalse();
        assertThat(POLICY.allows(null, "repository", "${user}/app", "pull")).isFalse();
    }

    @Test
    void userVariableIsLiteralNotARegex() {
        Policy p = Policy.parse("rules: [{subjects: [authenticated], repositories: ['${user}/*'], actions: [pull]}]");
        assertThat(p.allows("a.b", "repository", "a.b/x", "pull")).isTrue();
        assertThat(p.allows("a.b", "repository", "axb/x", "pull")).isFalse();
    }

    @Test
    void groupsAndUsers() {
        assertThat(POLICY.allows("ci-bot", "repository", "team/app", "push")).isTrue();
        assertThat(POLICY.allows("release-bot", "repository", "team/app", "delete"))
                .isFalse();
        assertThat(POLICY.allows("mallory", "repository", "team/app", "pull")).isFalse();
    }

    @Test
    void anonymousIsOnlyTheUnauthenticatedAndStarIsEveryone() {
        assertThat(POLICY.allows(null, "repository", "guest/x", "pull")).isTrue();
        assertThat(POLICY.allows("bob", "repository", "guest/x", "pull")).isFalse();
        assertThat(POLICY.allows("bob", "repository", "public/x", "pull")).isTrue();
        assertThat(POLICY.allows(null, "repository", "public/x", "push")).isFalse();
    }

    @Test
    void catalogRules() {
        assertThat(POLICY.allows("alice", "registry", "catalog", "*")).isTrue();
        assertThat(POLICY.allows("bob", "registry", "catalog", "*")).isFalse();
        assertThat(POLICY.allows(null, "registry", "catalog", "*")).isFalse();
    }

    @Test
    void grantIsTheIntersection() {
        assertThat(POLICY.grant("bob", Access.repository("team/app", "pull", "push", "delete"))
                        .actions())
                .containsExactlyInAnyOrder("pull", "push");
        assertThat(POLICY.grant(null, Access.repository("team/app", "pull")).actions())
                .isEmpty();
        assertThat(POLICY.grant("bob", Access.repository("team/app", "*")).actions())
                .isEmpty();
        assertThat(POLICY.grant("alice", Access.repository("team/app", "*")).actions())
                .containsExactly("*");
        assertThat(POLICY.grant("alice", Access.catalog()).actions()).containsExactly("*");
    }

    @Test
    void theDefaultLetsSignedInAccountsDoEverythingAndAnonymousNothing() {
        assertThat(Policy.DEFAULT.allows("anyone", "repository", "a/b/c", "delete"))
                .isTrue();
        assertThat(Policy.DEFAULT.allows("anyone", "registry", "catalog", "*")).isTrue();
        assertThat(Policy.DEFAULT.allows(null, "repository", "a", "pull")).isFalse();
        assertThat(Policy.DEFAULT.allows(null, "registry", "catalog", "*")).isFalse();
    }

    @Test
    void unknownTypesGrantNothing() {
        assertThat(POLICY.actions("alice", "plugin", "x")).isEmpty();
        assertThat(POLICY.actions("alice", "repository", "x")).isEqualTo(Set.of("*"));
    }

    @Test
    void typosAreErrors() {
        assertThatThrownBy(() -> Policy.parse("rule: []"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rule");
        assertThatThrownBy(() -> Policy.parse("rules: [{subjects: [everyone], repositories: [a], actions: [pull]}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("everyone");
        assertThatThrownBy(() -> Policy.parse("rules: [{subjects: ['group:x'], repositories: [a], actions: [pull]}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("group 'x'");
        assertThatThrownBy(() -> Policy.parse("rules: [{subjects: ['*'], repositories: [a], actions: [read]}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("read");
        assertThatThrownBy(() -> Policy.parse("rules: [{subjects: ['*'], repository: [a], actions: [pull]}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("repository");
        assertThatThrownBy(
                        () -> Policy.parse("rules: [{subjects: ['*'], repositories: ['${name}/*'], actions: [pull]}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("${user}");
        assertThatThrownBy(() -> Policy.parse("rules: [{subjects: ['*']}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("grants nothing");
        assertThatThrownBy(() -> Policy.parse("rules: [{subjects: ['*'], repositories: [a]}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("go together");
    }
}
