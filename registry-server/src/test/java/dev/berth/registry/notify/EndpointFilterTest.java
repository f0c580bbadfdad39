package dev.berth.registry.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.NotificationsConfig;
import dev.berth.registry.model.RepositoryGlob;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointFilterTest {
    private static final RequestRecord REQUEST = new RequestRecord("r", null, null, "PUT", "");

    private static Event event(Action action, String repository, String mediaType) {
        return Event.now(action, Target.content(repository, mediaType, "sha256:ab", 1L, null), REQUEST, null);
    }

    @Test
    void configurationNamesEveryActionThereIs() {
        assertThat(java.util.Arrays.stream(Action.values()).map(Action::wireName))
                .containsExactlyInAnyOrderElementsOf(NotificationsConfig.ACTIONS);
    }

    @Test
    void takesOnlyItsActions() {
        EndpointFilter filter = new EndpointFilter(Set.of(Action.PUSH, Action.DELETE), List.of(), Set.of());
        assertThat(filter.accepts(event(Action.PUSH, "a", "x"))).isTrue();
        assertThat(filter.accepts(event(Action.DELETE, "a", null))).isTrue();
        assertThat(filter.accepts(event(Action.PULL, "a", "x"))).isFalse();
        assertThat(filter.wants(Action.PULL, "a")).isFalse();
    }

    @Test
    void takesOnlyRepositoriesMatchingItsPatternsWhenItHasAny() {
        EndpointFilter filter = new EndpointFilter(
                Set.of(Action.PUSH), List.of(new RepositoryGlob("team/**"), new RepositoryGlob("base/*")), Set.of());
        assertThat(filter.wants(Action.PUSH, "team/app/web")).isTrue();
        assertThat(filter.wants(Action.PUSH, "base/debian")).isTrue();
        assertThat(filter.wants(Action.PUSH, "base/debian/slim")).isFalse();
        assertThat(filter.accepts(event(Action.PUSH, "other", "x"))).isFalse();
    }

    @Test
    void leavesOutIgnoredMediaTypes() {
        EndpointFilter filter = new EndpointFilter(Set.of(Action.PUSH), List.of(), Set.of("application/octet-stream"));
        assertThat(filter.accepts(event(Action.PUSH, "a", "application/octet-stream")))
                .isFalse();
        assertThat(filter.accepts(event(Action.PUSH, "a", "application/vnd.oci.image.manifest.v1+json")))
                .isTrue();
    }
}
