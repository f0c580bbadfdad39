package dev.berth.registry.content;

import com.github.benmanes.caffeine.cache.Cache;
import dev.berth.registry.model.RepositoryRules;
import dev.berth.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Everything the HTTP layer asks of stored content, wired over one {@link Storage}. */
public final class Registry {
    private final BlobStore blobs;
    private final Uploads uploads;
    private final TagStore tags;
    private final ReferrerIndex referrers;
    private final ManifestStore manifests;
    private final Catalog catalog;
    private final Mounts mounts;
    private final DeletionGuard guard;
    private final StorageProbe probe;
    private final CollectorStore collector;
    private final ImageRecords images;
    private final Inventory inventory;
    private final ImageDeletions deletions;

    /** Garbage collection keeps what pushes claimed within this long; the default for tests and tools. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    public Registry(Storage storage, Clock clock) {
        this(storage, clock, DEFAULT_GRACE);
    }

    /**
     * @param gcGrace how long a claim on content protects it from this registry's garbage collector;
     *     it also sets how often this registry's pushes rewrite their claims
     */
    public Registry(Storage storage, Clock clock, Duration gcGrace) {
        this(storage, clock, gcGrace, RepositoryRules.NONE);
    }

    /**
     * @param gcGrace as above
     * @param rules   the tags pushes may not move and the quotas they must respect
     */
    public Registry(Storage storage, Clock clock, Duration gcGrace, RepositoryRules rules) {
        this.guard = new DeletionGuard(storage, clock, gcGrace);
        this.blobs = new BlobStore(storage, guard);
        this.tags = new TagStore(storage);
        this.referrers = new ReferrerIndex(storage);
        this.images = new ImageRecords(storage, clock, tags);
        this.catalog = new Catalog(storage);
        this.manifests = new ManifestStore(storage, blobs, tags, referrers, guard, images, catalog, rules);
        this.uploads = new Uploads(storage, blobs, guard, clock, manifests.quotas()::admitBlob);
        this.mounts = new Mounts(blobs, catalog);
        this.probe = new StorageProbe(storage, clock);
        this.collector = new CollectorStore(storage);
        this.inventory = new Inventory(
                catalog,
                manifests,
                tags,
                blobs,
                referrers,
                images,
                new ContentFacts(storage, manifests),
                manifests.quotas()::usage);
        this.deletions = new ImageDeletions(manifests, tags);
    }

    /** What the management API shows: repositories, images, their sizes and sharing, the store's totals. */
    public Inventory inventory() {
        return inventory;
    }

    /** Deletion of several tags or images of a repository in one call. */
    public ImageDeletions deletions() {
        return deletions;
    }

    /** What the garbage collector keeps in the store beside content: its lease, last run and reserve. */
    public CollectorStore collector() {
        return collector;
    }

    public DeletionGuard guard() {
        return guard;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public Uploads uploads() {
        return uploads;
    }

    public TagStore tags() {
        return tags;
    }

    public ReferrerIndex referrers() {
        return referrers;
    }

    public ManifestStore manifests() {
        return manifests;
    }

    /** When revisions were pushed and pulled and tags moved, and by whom. */
    public ImageRecords images() {
        return images;
    }

    /** Quotas and what they count: for refusals here, and for showing usage. */
    public Quotas quotas() {
        return manifests.quotas();
    }

    /** The tags pushes may not move. */
    public ImmutableTags immutableTags() {
        return manifests.immutableTags();
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Cross-repository mounts, with where a caller may take a blob from. */
    public Mounts mounts() {
        return mounts;
    }

    /**
     * The caches of stored content this registry keeps in memory, by the name their meters carry:
     * blob sizes ({@link BlobStore}) and manifest bytes ({@link ManifestStore}).
     */
    public Map<String, Cache<?, ?>> caches() {
        return Map.of("blob-sizes", blobs.sizes(), "manifest-contents", manifests.contents());
    }

    /** A write-and-read check of the store, for the readiness endpoint. */
    public StorageProbe probe() {
        return probe;
    }
}
