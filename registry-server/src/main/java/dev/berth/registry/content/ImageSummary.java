package dev.berth.registry.content;

import dev.berth.registry.model.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One image (manifest revision) of a repository as the management API lists it.
 *
 * @param sizeBytes  the compressed size of its layers: their stored size (the declared one for a
 *     layer not in the store); for an index, of the distinct layers of the manifests it lists
 * @param config     platform and creation time from an image manifest's config; empty for indexes
 *     and artifacts
 * @param pushed     its first push; empty when the revision vanished meanwhile
 * @param lastPulled the last recorded pull
 */
public record ImageSummary(
        ManifestParts manifest,
        List<Tag> tags,
        long sizeBytes,
        Optional<ImageConfig> config,
        Optional<PushRecord> pushed,
        Optional<Instant> lastPulled) {
    public ImageSummary {
        tags = List.copyOf(tags);
    }
}
