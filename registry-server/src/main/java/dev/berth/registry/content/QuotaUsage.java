package dev.berth.registry.content;

/**
 * How much of its quota a repository uses: bytes its manifests reference against the limit of the
 * quota rule ({@code rule} names it, as configured) that applies to it.
 */
public record QuotaUsage(String rule, long limitBytes, long usedBytes) {
}
