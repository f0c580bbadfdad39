package dev.berth.registry.lifecycle;

import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.RegistryConfig.LifecycleConfig;
import dev.berth.registry.model.RepositoryGlob;
import dev.berth.registry.model.RepositoryName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configured policies ({@code repositories.lifecycle}), checked: each with the repository
 * patterns it applies to. The first entry whose patterns match a repository decides for it.
 */
public final class LifecycleRules {
    private record Entry(List<RepositoryGlob> repositories, LifecyclePolicy policy) {}

    private final List<Entry> entries;

    private LifecycleRules(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** No rules: nothing expires. */
    public static LifecycleRules none() {
        return new LifecycleRules(List.of());
    }

    /** @throws ConfigException naming the entry and what is wrong with its patterns or policy */
    public static LifecycleRules of(List<LifecycleConfig> config) {
        List<Entry> entries = new ArrayList<>();
        for (LifecycleConfig entry : config) {
            List<RepositoryGlob> globs = new ArrayList<>();
            for (String pattern : entry.repositories()) {
                try {
                    globs.add(new RepositoryGlob(pattern));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(entry.source() + ": " + e.getMessage(), e);
                }
            }
            entries.add(new Entry(globs, LifecyclePolicy.parse(entry.policy(), entry.source())));
        }
        return new LifecycleRules(entries);
    }

    /** Whether any policy is configured. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The policy for {@code repository}; empty when no entry's patterns match it. */
    public Optional<LifecyclePolicy> policyFor(RepositoryName repository) {
        return entries.stream()
                .filter(e -> e.repositories().stream().anyMatch(g -> g.matches(repository.value())))
                .map(Entry::policy)
                .findFirst();
    }
}
