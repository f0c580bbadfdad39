package dev.berth.registry.content;

import dev.berth.registry.model.Descriptor;
import dev.berth.registry.model.RepositoryName;
import java.util.List;

/**
 * One image in full: its summary, its layers with the repositories that share them, and the
 * manifests that refer to it (signatures, SBOMs, attestations).
 *
 * @param sharingComplete false when the store holds more repositories the caller may pull than
 *     {@link Inventory#SHARED_SCAN_LIMIT}, so only that many were looked at for {@code sharedWith}
 */
public record ImageDetail(
        ImageSummary summary, List<Layer> layers, boolean sharingComplete, List<Descriptor> referrers) {

    public ImageDetail {
        layers = List.copyOf(layers);
        referrers = List.copyOf(referrers);
    }

    /**
     * A layer with its size (stored, else declared) and the other repositories that link the same
     * content, in name order.
     */
    public record Layer(Part part, long size, List<RepositoryName> sharedWith) {
        public Layer {
            sharedWith = List.copyOf(sharedWith);
        }
    }
}
