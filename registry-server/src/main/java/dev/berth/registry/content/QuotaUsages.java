package dev.berth.registry.content;

import dev.berth.registry.model.RepositoryName;
import java.util.Optional;

/**
 * Where the management API's repository answer gets quota usage from: the quota of a repository
 * and how much of it is used, empty when no quota applies.
 */
@FunctionalInterface
public interface QuotaUsages {
    Optional<QuotaUsage> usage(RepositoryName repository);

    /** No quotas configured. */
    QuotaUsages NONE = repository -> Optional.empty();
}
