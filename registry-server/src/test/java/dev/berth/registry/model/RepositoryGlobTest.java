package dev.berth.registry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RepositoryGlobTest {
    @Test
    void oneStarStaysWithinAComponentTwoCrossThem() {
        RepositoryGlob one = new RepositoryGlob("team/*");
        assertThat(one.matches("team/a")).isTrue();
        assertThat(one.matches("team/a/b")).isFalse();
        assertThat(one.matches("team")).isFalse();
        RepositoryGlob two = new RepositoryGlob("team/**");
        assertThat(two.matches("team/a/b")).isTrue();
        assertThat(two.matches("teamx/a")).isFalse();
        assertThat(new RepositoryGlob("**/cache").matches("x/y/cache")).isTrue();
        assertThat(new RepositoryGlob("base-*").matches("base-alpine")).isTrue();
        assertThat(new RepositoryGlob("a.b").matches("axb"))
                .as("dots are literal")
                .isFalse();
    }

    @Test
    void theLiteralPrefixIsTheLeadingComponentsWithoutWildcards() {
        assertThat(new RepositoryGlob("team-a/**").literalPrefix()).isEqualTo("team-a");
        assertThat(new RepositoryGlob("team-a/apps/*-web").literalPrefix()).isEqualTo("team-a/apps");
        assertThat(new RepositoryGlob("team-a/app").literalPrefix()).isEqualTo("team-a/app");
        assertThat(new RepositoryGlob("team-*/x").literalPrefix()).isEmpty();
        assertThat(new RepositoryGlob("**").literalPrefix()).isEmpty();
    }

    @Test
    void theUserStandsLiterallyForItsPlace() {
        RepositoryGlob own = new RepositoryGlob("${user}/**");
        assertThat(own.namesUser()).isTrue();
        assertThat(own.matches("${user}/app"))
                .as("unexpanded, it matches nothing")
                .isFalse();
        assertThat(own.expand("a.b").matches("a.b/x/y")).isTrue();
        assertThat(own.expand("a.b").matches("axb/x")).isFalse();
        assertThat(new RepositoryGlob("team/*").namesUser()).isFalse();
        assertThatThrownBy(() -> own.expand("a*")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badPatternsAreRefusedInOneLineNamingThem() {
        assertThatThrownBy(() -> new RepositoryGlob(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository pattern ' ': must be non-empty, without spaces");
        assertThatThrownBy(() -> new RepositoryGlob("a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository pattern 'a b': must be non-empty, without spaces");
        assertThatThrownBy(() -> new RepositoryGlob("a***"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository pattern 'a***': use * or **");
        assertThatThrownBy(() -> new RepositoryGlob("${name}/*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository pattern '${name}/*': the only variable is ${user}");
    }
}
