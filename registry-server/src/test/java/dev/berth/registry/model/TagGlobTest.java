package dev.berth.registry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TagGlobTest {
    static boolean matches(String glob, String tag) {
        return new TagGlob(glob).matches(new Tag(tag));
    }

    @Test
    void starsMatchAnyRunAndEverythingElseIsLiteral() {
        assertThat(matches("latest", "latest")).isTrue();
        assertThat(matches("latest", "latest2")).isFalse();
        assertThat(matches("dev-*", "dev-")).isTrue();
        assertThat(matches("dev-*", "dev-feature.1")).isTrue();
        assertThat(matches("dev-*", "prod-dev-1")).isFalse();
        assertThat(matches("*-rc*", "1.0-rc2")).isTrue();
        assertThat(matches("*-rc*", "1.0")).isFalse();
        assertThat(matches("*", "anything")).isTrue();
        assertThat(matches("v1.*", "v1.2")).isTrue();
        assertThat(matches("v1.*", "v1x2")).as("dots are literal").isFalse();
        assertThat(matches("a**b", "a-x-b"))
                .as("** is *: tags have no components")
                .isTrue();
    }

    @Test
    void patternsWithCharactersNoTagHasAreRefusedNamingThem() {
        for (String bad : new String[] {"", "a b", "team/x", "${user}", "a+b", "x".repeat(129)}) {
            assertThatThrownBy(() -> new TagGlob(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("tag pattern '" + bad + "'");
        }
        assertThat(new TagGlob("dev-*")).isEqualTo(new TagGlob("dev-*")).hasToString("dev-*");
    }
}
