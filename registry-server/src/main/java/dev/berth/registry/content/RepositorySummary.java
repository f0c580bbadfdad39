package dev.berth.registry.content;

import dev.berth.registry.model.RepositoryName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A repository as the management API lists it.
 *
 * @param imageCount  its manifest revisions, tagged or not
 * @param storedBytes the stored size of the distinct blobs its manifests reference (the manifests
 *     themselves, configs, layers); a blob shared with other repositories counts in each
 * @param lastPushedAt when a manifest was last pushed to it; empty when it holds none
 * @param quotas       the quotas that govern it and how much of each is used
 */
public record RepositorySummary(
        RepositoryName name,
        int imageCount,
        long storedBytes,
        Optional<Instant> lastPushedAt,
        List<QuotaUsage> quotas) {}
