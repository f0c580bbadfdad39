package dev.berth.registry.model;

import java.util.Map;

/**
 * An OCI content descriptor as Berth reports it (in referrers indexes); {@code artifactType} and
 * {@code annotations} may be null.
 */
public record Descriptor(
        String mediaType, Digest digest, long size, String artifactType, Map<String, String> annotations) {}
