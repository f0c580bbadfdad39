package dev.berth.registry.content;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.ByteSizes;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.Manifest;
import dev.berth.registry.model.QuotaRule;
import dev.berth.registry.model.RepositoryGlob;
import dev.berth.registry.model.RepositoryName;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Limits on the bytes repositories store ({@code repositories.quotas}), counted as the compressed
 * size of the blobs (configs, layers) their manifest revisions reference, tagged or not: each blob
 * once per repository, however many of its manifests share it, and in every repository that
 * references it, although the store keeps its bytes once. A quota per namespace adds up the
 * repositories it covers. Every quota that governs a repository applies.
 *
 * <p>A manifest push that would take a quota past its limit is refused with 403 {@code DENIED}
 * before anything is written, and the blobs it brought into the repository that no manifest of
 * the repository references lose their link there (garbage collection then reclaims their bytes,
 * once no other repository uses them and the grace period has passed). A blob upload that cannot
 * fit on its own is refused when it completes, and its bytes are dropped; a push of a manifest
 * already stored, or one whose blobs the repository's manifests all reference, adds nothing and is
 * never refused.
 *
 * <p>Usage is read from storage at each check (see {@link RepositoryUsage}), so it reflects what
 * every server sharing the store pushed. Checks of pushes running at the same moment do not see one
 * another, though: together they may take a repository past its limit by what they add, and the
 * pushes after them are refused until something is deleted.
 */
public final class Quotas {
    private final List<QuotaRule> rules;
    private final RepositoryUsage usage;
    private final BlobStore blobs;
    private final Catalog catalog;

    Quotas(List<QuotaRule> rules, RepositoryUsage usage, BlobStore blobs, Catalog catalog) {
        this.rules = List.copyOf(rules);
        this.usage = usage;
        this.blobs = blobs;
        this.catalog = catalog;
    }

    /** Every quota that governs {@code repository}, with what it counts now; empty when none does. */
    public List<QuotaUsage> usage(RepositoryName repository) {
        List<QuotaRule> governing = governing(repository);
        if (governing.isEmpty()) {
            return List.of();
        }
        long own = referencedBytes(repository);
        return governing.stream()
                .map(rule -> new QuotaUsage(rule, used(rule, repository, own)))
                .toList();
    }

    /**
     * The bytes the blobs {@code repository}'s manifests reference take, each blob once: what its
     * quotas count, whether or not one governs it.
     */
    public long referencedBytes(RepositoryName repository) {
        return sum(usage.referenced(repository));
    }

    /**
     * Refuses (403 {@code DENIED}, naming the quota) a manifest whose blobs, where the repository's
     * manifests do not reference them yet, would take a quota past its limit; the repository's
     * links to those blobs are removed then.
     */
    void admitManifest(RepositoryName repository, Manifest manifest) {
        List<QuotaRule> governing = governing(repository);
        if (governing.isEmpty()) {
            return;
        }
        Map<Digest, Long> referenced = usage.referenced(repository);
        Map<Digest, Long> fresh = new LinkedHashMap<>();
        for (Digest blob : manifest.blobs()) {
            if (!referenced.containsKey(blob)) {
                fresh.computeIfAbsent(blob, usage::size);
            }
        }
        long added = sum(fresh);
        if (added == 0) {
            return;
        }
        long own = sum(referenced);
        for (QuotaRule rule : governing) {
            long used = used(rule, repository, own);
            if (used + added > rule.limit()) {
                // The uploads were for this image, which cannot be stored: none stays in the repository.
                fresh.keySet().forEach(blob -> blobs.unlink(repository, blob));
                throw exceeded(rule, repository, used, added);
            }
        }
    }

    /**
     * Refuses (403 {@code DENIED}, naming the quota) a blob of {@code size} bytes that would take a
     * quota past its limit on its own, unless the repository's manifests reference it already.
     */
    void admitBlob(RepositoryName repository, Digest digest, long size) {
        List<QuotaRule> governing = governing(repository);
        if (governing.isEmpty()) {
            return;
        }
        Map<Digest, Long> referenced = usage.referenced(repository);
        if (referenced.containsKey(digest)) {
            return;
        }
        long own = sum(referenced);
        for (QuotaRule rule : governing) {
            long used = used(rule, repository, own);
            if (used + size > rule.limit()) {
                throw exceeded(rule, repository, used, size);
            }
        }
    }

    private List<QuotaRule> governing(RepositoryName repository) {
        return rules.stream().filter(rule -> rule.governs(repository)).toList();
    }

    /** What {@code rule} counts, given that {@code repository} (which it governs) references {@code own} bytes. */
    private long used(QuotaRule rule, RepositoryName repository, long own) {
        if (rule.per() == QuotaRule.Per.REPOSITORY) {
            return own;
        }
        long total = own;
        for (RepositoryName other : covered(rule)) {
            if (!other.equals(repository)) {
                total += referencedBytes(other);
            }
        }
        return total;
    }

    /** Every repository in the store that {@code rule} governs. */
    private Set<RepositoryName> covered(QuotaRule rule) {
        Set<RepositoryName> out = new LinkedHashSet<>();
        for (RepositoryGlob glob : rule.repositories()) {
            out.addAll(catalog.all(glob.literalPrefix(), glob::matches));
        }
        return out;
    }

    private static RegistryException exceeded(QuotaRule rule, RepositoryName repository, long used, long added) {
        long after = used + added;
        String who = rule.per() == QuotaRule.Per.REPOSITORY ? repository.value() : "the repositories it covers";
        return new RegistryException(
                ErrorCode.DENIED,
                "quota " + rule + " exceeded: " + who + " would use "
                        + ByteSizes.format(after) + " of " + ByteSizes.format(rule.limit()) + " (" + after + " of "
                        + rule.limit() + " bytes)",
                Map.of(
                        "quota",
                        rule.patterns(),
                        "per",
                        rule.per().configName(),
                        "limit",
                        rule.limit(),
                        "used",
                        used,
                        "added",
                        added,
                        "repository",
                        repository.value()));
    }

    private static long sum(Map<Digest, Long> sizes) {
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }
}
