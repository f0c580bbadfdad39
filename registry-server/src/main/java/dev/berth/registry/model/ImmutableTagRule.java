package dev.berth.registry.model;

import java.util.List;

/**
 * A rule of {@code repositories.immutable-tags}: in the repositories it names, a tag that points at
 * a manifest never moves to another one, except tags that match {@code excludeTags} (such as
 * {@code latest}).
 *
 * @param repositories the repositories it governs; at least one
 * @param excludeTags  tags that may move all the same
 */
public record ImmutableTagRule(List<RepositoryGlob> repositories, List<TagGlob> excludeTags) {
    public ImmutableTagRule {
        repositories = List.copyOf(repositories);
        excludeTags = List.copyOf(excludeTags);
        if (repositories.isEmpty()) {
            throw new IllegalArgumentException("an immutable-tags rule names at least one repository pattern");
        }
    }

    /** Whether this rule keeps {@code tag} of {@code repository} from moving. */
    public boolean freezes(RepositoryName repository, Tag tag) {
        return repositories.stream().anyMatch(glob -> glob.matches(repository.value()))
                && excludeTags.stream().noneMatch(glob -> glob.matches(tag));
    }
}
