package dev.berth.registry.model;

import java.util.List;
import java.util.Map;

/**
 * A validated manifest: its bytes, media type and digest, and what it points at.
 *
 * @param blobs        config and layers, which must be linked in the repository
 * @param externalLayers non-distributable layers and layers with {@code urls}: clients fetch them
 *                     from elsewhere, so a repository need not hold them (it may)
 * @param children     manifests an index lists, which must be revisions of the repository
 * @param subject      the manifest this one refers to (OCI 1.1 referrers), or null
 * @param artifactType the artifact type a referrers index reports for it, or null
 */
public record Manifest(
        byte[] content,
        String mediaType,
        Digest digest,
        List<Digest> blobs,
        List<Digest> externalLayers,
        List<Digest> children,
        Digest subject,
        String artifactType,
        Map<String, String> annotations) {

    public Manifest {
        blobs = List.copyOf(blobs);
        externalLayers = List.copyOf(externalLayers);
        children = List.copyOf(children);
        annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    public boolean isIndex() {
        return MediaTypes.INDEXES.contains(mediaType);
    }

    /** How this manifest appears in a referrers index. */
    public Descriptor asDescriptor() {
        return new Descriptor(mediaType, digest, content.length, artifactType, annotations);
    }
}
