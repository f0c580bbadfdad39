package dev.berth.registry.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.logging.LogText;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.ManifestParser;
import dev.berth.registry.model.RepositoryName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a repository's manifest revisions reference, with sizes: what quotas count. Every call lists
 * the repository's revisions in storage, so it sees what every server sharing the store pushed;
 * what it learns about content is kept, since nothing changes under a digest: the blobs each
 * manifest references, and each blob's size. So a call costs one listing plus reads of the
 * manifests (and sizes of the blobs) it has not seen before.
 */
final class RepositoryUsage {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryUsage.class);
    /** Digests remembered, about 150 bytes each: some 60 MiB at most between the two caches. */
    static final long CACHED_DIGESTS = 200_000;

    private final ManifestStore manifests;
    private final BlobStore blobs;
    private final Cache<Digest, List<Digest>> references = Caffeine.newBuilder()
            .maximumWeight(CACHED_DIGESTS)
            .weigher((Digest manifest, List<Digest> blobs) -> 1 + blobs.size())
            .build();
    private final Cache<Digest, Long> sizes =
            Caffeine.newBuilder().maximumSize(CACHED_DIGESTS).build();

    RepositoryUsage(ManifestStore manifests, BlobStore blobs) {
        this.manifests = manifests;
        this.blobs = blobs;
    }

    /**
     * Every blob (config, layer) a revision of {@code repository} references, each once, with its
     * size; a blob whose content is gone counts 0. Manifests themselves are not counted, nor layers
     * clients fetch from elsewhere.
     */
    Map<Digest, Long> referenced(RepositoryName repository) {
        List<Digest> revisions = new ArrayList<>();
        manifests.forEachRevision(repository, revision -> revisions.add(revision.digest()));
        Map<Digest, Long> out = new HashMap<>();
        for (Digest revision : revisions) {
            for (Digest blob : references(repository, revision)) {
                if (!out.containsKey(blob)) {
                    out.put(blob, size(blob));
                }
            }
        }
        return out;
    }

    /** The stored size of {@code blob}; 0 when it is not stored. */
    long size(Digest blob) {
        Long known = sizes.getIfPresent(blob);
        if (known != null) {
            return known;
        }
        Optional<BlobStore.StoredBlob> stored = blobs.stat(blob);
        stored.ifPresent(b -> sizes.put(blob, b.size()));
        return stored.map(BlobStore.StoredBlob::size).orElse(0L);
    }

    private List<Digest> references(RepositoryName repository, Digest manifest) {
        List<Digest> known = references.getIfPresent(manifest);
        if (known != null) {
            return known;
        }
        Optional<StoredManifest> stored = manifests.readRevision(repository, manifest);
        if (stored.isEmpty()) {
            // Deleted since the listing: it references nothing any more.
            return List.of();
        }
        List<Digest> read;
        try {
            read = ManifestParser.parse(stored.get().content(), stored.get().mediaType(), manifest.algorithm())
                    .blobs();
        } catch (RegistryException e) {
            LOG.warn(
                    "manifest {} of {} cannot be parsed ({}); quotas count nothing for it",
                    manifest,
                    repository,
                    LogText.escape(e.getMessage()));
            read = List.of();
        }
        references.put(manifest, read);
        return read;
    }
}
