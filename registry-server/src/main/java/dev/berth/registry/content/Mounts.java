package dev.berth.registry.content;

import dev.berth.registry.model.Digest;
import dev.berth.registry.model.RepositoryName;
import java.util.Optional;

/**
 * Cross-repository mounts on behalf of a caller: where the blob may come from, then linking it
 * through {@link BlobStore#mount}.
 */
public final class Mounts {
    private final BlobStore blobs;
    private final Catalog catalog;

    public Mounts(BlobStore blobs, Catalog catalog) {
        this.blobs = blobs;
        this.catalog = catalog;
    }

    /**
     * Links {@code digest} into {@code repository} from {@code from} if the caller may pull it, or,
     * when {@code from} is empty, from any repository the caller may pull that has it (from the
     * whole store for a caller no rule restricts). False when no such source has the blob: the
     * caller then uploads it, which reveals nothing about repositories it may not read.
     */
    public boolean mount(RepositoryName repository, Digest digest, Optional<RepositoryName> from, PullRights rights) {
        if (from.isPresent()) {
            return rights.mayPull(from.get()) && blobs.mount(repository, digest, from);
        }
        if (rights.everything()) {
            return blobs.mount(repository, digest, Optional.empty());
        }
        Optional<RepositoryName> source = catalog.all(name -> rights.mayPull(new RepositoryName(name))).stream()
                .filter(name -> blobs.isLinked(name, digest))
                .findFirst();
        return source.isPresent() && blobs.mount(repository, digest, source);
    }
}
