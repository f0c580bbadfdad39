package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTest {
    @Test
    void parsesScopes() {
        assertThat(Access.parse("repository:team/app:pull,push"))
                .contains(new Access("repository", "team/app", Set.of("pull", "push")));
        assertThat(Access.parse("registry:catalog:*")).contains(Access.catalog());
    }

    @Test
    void aNameMayHoldAPortAndAResourceClassIsDropped() {
        assertThat(Access.parse("repository:localhost:5000/app:pull"))
                .contains(Access.repository("localhost:5000/app", "pull"));
        assertThat(Access.parse("repository(plugin):team/plugin:pull"))
                .contains(Access.repository("team/plugin", "pull"));
    }

    @Test
    void rejectsWhatIsNotAScope() {
        assertThat(Access.parse("repository")).isEmpty();
        assertThat(Access.parse("repository:app")).isEmpty();
        assertThat(Access.parse(":app:pull")).isEmpty();
        assertThat(Access.parse("Repo!:app:pull")).isEmpty();
        assertThat(Access.parse("repository:app:pu\"ll")).isEmpty();
        assertThat(Access.parse("repository:a\"pp:pull")).isEmpty();
        assertThat(Access.parse("repository:a\\pp:pull")).isEmpty();
    }

    @Test
    void parsesRepeatedAndSpaceSeparatedParameters() {
        assertThat(Access.parseAll(List.of("repository:a:pull repository:b:push", "registry:catalog:*", "junk")))
                .containsExactly(Access.repository("a", "pull"), Access.repository("b", "push"), Access.catalog());
    }

    @Test
    void scopeSortsActions() {
        assertThat(Access.repository("a", "push", "pull").scope()).isEqualTo("repository:a:pull,push");
    }
}
