package dev.berth.registry.model;

import java.util.List;

/**
 * What the {@code repositories.*} settings ask of pushes, beyond access: tags that never move and
 * limits on the bytes repositories reference.
 */
public record RepositoryRules(List<ImmutableTagRule> immutableTags, List<QuotaRule> quotas) {
    /** No tag is immutable and no repository has a quota. */
    public static final RepositoryRules NONE = new RepositoryRules(List.of(), List.of());

    public RepositoryRules {
        immutableTags = List.copyOf(immutableTags);
        quotas = List.copyOf(quotas);
    }
}
