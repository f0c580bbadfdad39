package dev.berth.registry.gc;

import static dev.berth.registry.gc.Store.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RepositoryGlobTest {
    @Test
    void oneStarStaysWithinAComponentTwoCrossThem() {
        RepositoryGlob one = RepositoryGlob.of("team/*");
        assertThat(one.matches(repo("team/a"))).isTrue();
        assertThat(one.matches(repo("team/a/b"))).isFalse();
        assertThat(one.matches(repo("team"))).isFalse();
        RepositoryGlob two = RepositoryGlob.of("team/**");
        assertThat(two.matches(repo("team/a/b"))).isTrue();
        assertThat(RepositoryGlob.of("**/cache").matches(repo("x/y/cache"))).isTrue();
        assertThat(RepositoryGlob.of("base-*").matches(repo("base-alpine"))).isTrue();
        assertThat(RepositoryGlob.of("a.b").matches(repo("axb"))).as("dots are literal").isFalse();
    }

    @Test
    void badPatternsAreRefused() {
        assertThatThrownBy(() -> RepositoryGlob.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RepositoryGlob.of("a***")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GcOptions.defaults().withKeep(java.util.List.of("a b")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
