package dev.berth.registry.content;

import dev.berth.registry.model.QuotaRule;

/**
 * A quota that governs a repository and what it counts now: the bytes the repository's manifests
 * reference or, for a quota {@linkplain QuotaRule.Per#NAMESPACE per namespace}, those of every
 * repository it covers, added up.
 */
public record QuotaUsage(QuotaRule quota, long used) {
    public long limit() {
        return quota.limit();
    }

    /** Bytes that may still be added; negative when the quota is already exceeded. */
    public long remaining() {
        return quota.limit() - used;
    }
}
