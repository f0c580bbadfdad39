package dev.berth.registry.content;

import dev.berth.registry.model.Digest;
import java.util.Optional;

/**
 * One descriptor of a manifest: a config, a layer or (in an index) a child manifest, with the size
 * it declares and, for a child, the platform the index gives it.
 */
public record Part(Digest digest, String mediaType, long declaredSize, Optional<Platform> platform) {}
