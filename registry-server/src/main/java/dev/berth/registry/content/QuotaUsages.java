package dev.berth.registry.content;

import dev.berth.registry.model.RepositoryName;
import java.util.List;

/**
 * Where the management API's repository answer gets quota usage from: the quotas of a repository
 * and how much of each is used, empty when no quota applies.
 */
@FunctionalInterface
public interface QuotaUsages {
    List<QuotaUsage> usage(RepositoryName repository);

    /** No quotas configured. */
    QuotaUsages NONE = repository -> List.of();
}
