package dev.berth.registry.model;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A rule of {@code repositories.quotas}: how many bytes the repositories it names may reference.
 *
 * @param repositories the repositories it governs; at least one pattern
 * @param limit        bytes, more than zero
 * @param per          whether each repository has the limit to itself or all of them share it
 */
public record QuotaRule(List<RepositoryGlob> repositories, long limit, Per per) {

    /** What one limit covers. */
    public enum Per {
        /** Each repository the patterns match, on its own. */
        REPOSITORY,
        /** Every repository the patterns match, together: a namespace such as {@code team-a/**}. */
        NAMESPACE;

        /** As written in config: {@code repository}, {@code namespace}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public QuotaRule {
        repositories = List.copyOf(repositories);
        if (repositories.isEmpty()) {
            throw new IllegalArgumentException("a quota names at least one repository pattern");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("a quota's limit must be more than 0 bytes");
        }
    }

    public boolean governs(RepositoryName repository) {
        return repositories.stream().anyMatch(glob -> glob.matches(repository.value()));
    }

    /** Its patterns as written, comma-separated: how refusals and the API name it. */
    public String patterns() {
        return repositories.stream().map(RepositoryGlob::text).collect(Collectors.joining(","));
    }

    /** For people: {@code team-a/** (10 GiB per repository)}. */
    @Override
    public String toString() {
        return patterns() + " (" + ByteSizes.format(limit) + " per " + per.configName() + ")";
    }
}
