package dev.berth.registry.content;

import dev.berth.registry.model.Digest;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the management API shows of stored content: repositories with their image count, size and
 * last push; a repository's images with tags, sizes, platforms and push and pull times; one image
 * with its layers, the repositories sharing them and its referrers; and the store's totals.
 *
 * <p>Costs, in storage calls: listing a repository lists its revisions and reads each manifest
 * once (then kept, see {@link ContentFacts}); listing images also reads every tag and each image's
 * push and pull records; an image's detail looks at up to {@link #SHARED_SCAN_LIMIT} other
 * repositories per layer (one stat each) to find those sharing it; the totals walk the whole blob
 * store and every repository's revisions.
 */
public final class Inventory {
    /** Other repositories an image's detail looks at per layer for {@code sharedWith}. */
    public static final int SHARED_SCAN_LIMIT = 500;

    private final Catalog catalog;
    private final ManifestStore manifests;
    private final TagStore tags;
    private final BlobStore blobs;
    private final ReferrerIndex referrers;
    private final ImageRecords records;
    private final ContentFacts facts;
    private final QuotaUsages quotas;

    Inventory(
            Catalog catalog,
            ManifestStore manifests,
            TagStore tags,
            BlobStore blobs,
            ReferrerIndex referrers,
            ImageRecords records,
            ContentFacts facts,
            QuotaUsages quotas) {
        this.catalog = catalog;
        this.manifests = manifests;
        this.tags = tags;
        this.blobs = blobs;
        this.referrers = referrers;
        this.records = records;
        this.facts = facts;
        this.quotas = quotas;
    }

    /**
     * Up to {@code limit} repositories that {@code visible} accepts, in name order after
     * {@code after} (null for the start).
     */
    public ItemPage<RepositorySummary> repositories(String after, int limit, Predicate<String> visible) {
        NamePage names = catalog.list(after, limit, visible);
        List<RepositorySummary> out = new ArrayList<>();
        for (String name : names.names()) {
            out.add(summary(new RepositoryName(name)));
        }
        return new ItemPage<>(out, names.truncated() ? Optional.ofNullable(names.last()) : Optional.empty());
    }

    /** Whether the repository exists (holds anything of its own). */
    public boolean exists(RepositoryName repository) {
        return catalog.exists(repository);
    }

    /**
     * Up to {@code limit} images of {@code repository} that {@code status} accepts, in digest order
     * after {@code after} (a digest's text, null for the start).
     */
    public ItemPage<ImageSummary> images(RepositoryName repository, String after, int limit, TagStatus status) {
        Map<Digest, List<Tag>> tagged = tagsByDigest(repository);
        TreeMap<String, Digest> sorted = new TreeMap<>();
        manifests.forEachRevision(repository, revision -> {
            if (status.accepts(tagged.containsKey(revision.digest()))) {
                sorted.put(revision.digest().toString(), revision.digest());
            }
        });
        List<ImageSummary> out = new ArrayList<>();
        String last = null;
        for (Map.Entry<String, Digest> e : (after == null ? sorted : sorted.tailMap(after, false)).entrySet()) {
            if (out.size() == limit) {
                return new ItemPage<>(out, Optional.of(last));
            }
            Optional<ImageSummary> image =
                    image(repository, e.getValue(), tagged.getOrDefault(e.getValue(), List.of()));
            if (image.isPresent()) {
                out.add(image.get());
                last = e.getKey();
            }
        }
        return new ItemPage<>(out, Optional.empty());
    }

    /**
     * One image of {@code repository} in full; empty when there is no such image. Only
     * repositories that {@code visible} accepts are named as sharing its layers.
     */
    public Optional<ImageDetail> image(RepositoryName repository, Reference reference, Predicate<String> visible) {
        Optional<Digest> digest =
                reference.isDigest() ? Optional.of(reference.digest()) : tags.resolve(repository, reference.tag());
        if (digest.isEmpty() || !manifests.isRevision(repository, digest.get())) {
            return Optional.empty();
        }
        Optional<ImageSummary> summary =
                image(repository, digest.get(), tagsByDigest(repository).getOrDefault(digest.get(), List.of()));
        if (summary.isEmpty()) {
            return Optional.empty();
        }
        List<RepositoryName> others = new ArrayList<>();
        for (RepositoryName other : catalog.all(visible)) {
            if (!other.equals(repository)) {
                others.add(other);
            }
        }
        boolean complete = others.size() <= SHARED_SCAN_LIMIT;
        List<RepositoryName> scanned = complete ? others : others.subList(0, SHARED_SCAN_LIMIT);
        List<ImageDetail.Layer> layers = new ArrayList<>();
        for (Part layer : layers(repository, summary.get().manifest())) {
            List<RepositoryName> sharing = scanned.stream()
                    .filter(r -> blobs.hasLink(r, layer.digest()))
                    .toList();
            layers.add(new ImageDetail.Layer(layer, size(layer), sharing));
        }
        return Optional.of(
                new ImageDetail(summary.get(), layers, complete, referrers.list(repository, digest.get(), null)));
    }

    /** The totals of the whole store: every blob stored, and what every repository references. */
    public StoreTotals totals() {
        Map<Digest, Long> stored = new HashMap<>();
        blobs.forEachBlob(blob -> stored.put(blob.digest(), blob.size()));
        Set<Digest> referenced = new LinkedHashSet<>();
        long logical = 0;
        long images = 0;
        List<RepositoryName> repositories = catalog.all(name -> true);
        for (RepositoryName repository : repositories) {
            List<ManifestStore.Revision> revisions = revisions(repository);
            images += revisions.size();
            for (Digest d : referenced(repository, revisions)) {
                logical += stored.getOrDefault(d, 0L);
                referenced.add(d);
            }
        }
        long storedBytes = stored.values().stream().mapToLong(Long::longValue).sum();
        long referencedBytes =
                referenced.stream().mapToLong(d -> stored.getOrDefault(d, 0L)).sum();
        return new StoreTotals(repositories.size(), images, stored.size(), storedBytes, referencedBytes, logical);
    }

    private RepositorySummary summary(RepositoryName repository) {
        List<ManifestStore.Revision> revisions = revisions(repository);
        long size = 0;
        for (Digest d : referenced(repository, revisions)) {
            size += facts.blobSize(d).orElse(0);
        }
        Optional<Instant> lastPush =
                revisions.stream().map(ManifestStore.Revision::written).max(Comparator.naturalOrder());
        return new RepositorySummary(repository, revisions.size(), size, lastPush, quotas.usage(repository));
    }

    /** The distinct blobs the revisions reference: each manifest's own bytes, its config and layers. */
    private Set<Digest> referenced(RepositoryName repository, List<ManifestStore.Revision> revisions) {
        Set<Digest> out = new LinkedHashSet<>();
        for (ManifestStore.Revision revision : revisions) {
            facts.manifest(repository, revision.digest()).ifPresent(parts -> {
                out.add(parts.digest());
                parts.config().ifPresent(c -> out.add(c.digest()));
                parts.layers().forEach(l -> out.add(l.digest()));
            });
        }
        return out;
    }

    private List<ManifestStore.Revision> revisions(RepositoryName repository) {
        List<ManifestStore.Revision> out = new ArrayList<>();
        manifests.forEachRevision(repository, out::add);
        return out;
    }

    private Optional<ImageSummary> image(RepositoryName repository, Digest digest, List<Tag> tagsOfIt) {
        return facts.manifest(repository, digest)
                .map(parts -> new ImageSummary(
                        parts,
                        tagsOfIt,
                        layers(repository, parts).stream().mapToLong(this::size).sum(),
                        parts.isIndex() ? Optional.empty() : parts.config().flatMap(facts::config),
                        records.pushed(repository, digest),
                        records.lastPulled(repository, digest)));
    }

    /** An image manifest's layers; for an index, the distinct layers of the manifests it lists. */
    private List<Part> layers(RepositoryName repository, ManifestParts parts) {
        if (!parts.isIndex()) {
            return parts.layers();
        }
        Map<Digest, Part> distinct = new LinkedHashMap<>();
        for (Part child : parts.children()) {
            facts.manifest(repository, child.digest())
                    .ifPresent(c -> c.layers().forEach(l -> distinct.putIfAbsent(l.digest(), l)));
        }
        return List.copyOf(distinct.values());
    }

    private long size(Part blob) {
        return facts.blobSize(blob.digest()).orElse(blob.declaredSize());
    }

    private Map<Digest, List<Tag>> tagsByDigest(RepositoryName repository) {
        Map<Digest, List<Tag>> out = new HashMap<>();
        tags.forEach(repository, (tag, digest) -> out.computeIfAbsent(digest, d -> new ArrayList<>())
                .add(tag));
        return out;
    }
}
