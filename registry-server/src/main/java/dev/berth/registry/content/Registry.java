package dev.berth.registry.content;

import dev.berth.storage.Storage;
import java.time.Clock;

/** Everything the HTTP layer asks of stored content, wired over one {@link Storage}. */
public final class Registry {
    private final BlobStore blobs;
    private final Uploads uploads;
    private final TagStore tags;
    private final ReferrerIndex referrers;
    private final ManifestStore manifests;
    private final Catalog catalog;

    public Registry(Storage storage, Clock clock) {
        this.blobs = new BlobStore(storage);
        this.uploads = new Uploads(storage, blobs, clock);
        this.tags = new TagStore(storage);
        this.referrers = new ReferrerIndex(storage);
        this.manifests = new ManifestStore(storage, blobs, tags, referrers);
        this.catalog = new Catalog(storage);
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

    public Catalog catalog() {
        return catalog;
    }
}
