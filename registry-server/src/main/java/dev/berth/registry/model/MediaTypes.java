package dev.berth.registry.model;

import java.util.Set;

/** Media types of the manifests Berth accepts, and of those it refuses by name. */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /**
     * Layers that may not be redistributed (OCI, deprecated but still pushed) and Docker's foreign
     * layers: clients fetch them from the URLs of their descriptor, never from the registry.
     */
    static final Set<String> NON_DISTRIBUTABLE_LAYERS = Set.of(
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");

    static final Set<String> IMAGE_MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
    static final Set<String> IMAGE_CONFIGS =
            Set.of("application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json");

    private MediaTypes() {}

    public static boolean isManifest(String mediaType) {
        return IMAGE_MANIFESTS.contains(mediaType) || INDEXES.contains(mediaType);
    }

    /** An OCI image index or a Docker manifest list. */
    public static boolean isIndex(String mediaType) {
        return INDEXES.contains(mediaType);
    }

    /** The config of a runnable image (OCI or Docker), which states platform and creation time. */
    public static boolean isImageConfig(String mediaType) {
        return IMAGE_CONFIGS.contains(mediaType);
    }
}
