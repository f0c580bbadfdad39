package dev.berth.registry.notify;

import dev.berth.registry.model.RepositoryGlob;
import java.util.List;
import java.util.Set;

/**
 * Which events one endpoint hears about: its actions, in repositories matching one of its patterns
 * (any repository when it has none), except targets of an ignored media type.
 */
record EndpointFilter(Set<Action> actions, List<RepositoryGlob> repositories, Set<String> ignoredMediaTypes) {
    EndpointFilter {
        actions = Set.copyOf(actions);
        repositories = List.copyOf(repositories);
        ignoredMediaTypes = Set.copyOf(ignoredMediaTypes);
    }

    /** Whether an event of {@code action} in {@code repository} could pass, before it is built. */
    boolean wants(Action action, String repository) {
        return actions.contains(action)
                && (repositories.isEmpty() || repositories.stream().anyMatch(glob -> glob.matches(repository)));
    }

    boolean accepts(Event event) {
        Target target = event.target();
        return wants(event.action(), target.repository())
                && (target.mediaType() == null || !ignoredMediaTypes.contains(target.mediaType()));
    }
}
