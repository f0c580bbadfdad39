package dev.berth.registry.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.MediaTypes;
import dev.berth.registry.model.RepositoryName;
import dev.berth.storage.Storage;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What never changes for a digest, read from storage once and then kept in memory (bounded): a
 * blob's size, a manifest's parts, an image config's platform and creation time. Content is
 * addressed by its digest, so a cached answer can only become stale by the content disappearing,
 * which the callers find out from the revisions and links they list, not from here.
 */
final class ContentFacts {
    /** Entries of each cache; a manifest's parts are a few hundred bytes. */
    static final long MAXIMUM = 100_000;
    /** Image configs larger than this are not read (their summary is left out). */
    static final long MAX_CONFIG_BYTES = 1024 * 1024;

    private final Storage storage;
    private final ManifestStore manifests;
    private final Cache<Digest, Long> sizes =
            Caffeine.newBuilder().maximumSize(MAXIMUM).build();
    private final Cache<Digest, ManifestParts> parts =
            Caffeine.newBuilder().maximumSize(MAXIMUM).build();
    private final Cache<Digest, Optional<ImageConfig>> configs =
            Caffeine.newBuilder().maximumSize(MAXIMUM).build();

    ContentFacts(Storage storage, ManifestStore manifests) {
        this.storage = storage;
        this.manifests = manifests;
    }

    /** The stored size of blob {@code digest}; empty when it is not in the store. */
    OptionalLong blobSize(Digest digest) {
        Long known = sizes.getIfPresent(digest);
        if (known != null) {
            return OptionalLong.of(known);
        }
        return storage.stat(RegistryLayout.blob(digest))
                .map(info -> {
                    sizes.put(digest, info.size());
                    return OptionalLong.of(info.size());
                })
                .orElse(OptionalLong.empty());
    }

    /** The parts of {@code repository}'s revision {@code digest}; empty when the revision or its bytes are gone. */
    Optional<ManifestParts> manifest(RepositoryName repository, Digest digest) {
        ManifestParts known = parts.getIfPresent(digest);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<ManifestParts> read =
                manifests.readRevision(repository, digest).map(ManifestParts::parse);
        read.ifPresent(p -> parts.put(digest, p));
        return read;
    }

    /**
     * Platform and creation time of an image config blob; empty for configs of other artifacts,
     * configs larger than {@link #MAX_CONFIG_BYTES}, missing or unreadable ones.
     */
    Optional<ImageConfig> config(Part config) {
        if (!MediaTypes.isImageConfig(config.mediaType())) {
            return Optional.empty();
        }
        Optional<ImageConfig> known = configs.getIfPresent(config.digest());
        if (known != null) {
            return known;
        }
        OptionalLong size = blobSize(config.digest());
        if (size.isEmpty()) {
            return Optional.empty();
        }
        Optional<ImageConfig> read = Optional.empty();
        if (size.getAsLong() <= MAX_CONFIG_BYTES) {
            Optional<byte[]> bytes = StoredObjects.read(storage, RegistryLayout.blob(config.digest()));
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            read = summary(bytes.get());
        }
        configs.put(config.digest(), read);
        return read;
    }

    private static Optional<ImageConfig> summary(byte[] config) {
        try {
            JsonNode root = Json.MAPPER.readTree(config);
            if (root == null || !root.isObject()) {
                return Optional.empty();
            }
            JsonNode created = root.get("created");
            return Optional.of(new ImageConfig(
                    ManifestParts.platform(root),
                    created != null && created.isTextual() ? Optional.of(created.asText()) : Optional.empty()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
