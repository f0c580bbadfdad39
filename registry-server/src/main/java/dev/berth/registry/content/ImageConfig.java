package dev.berth.registry.content;

import java.util.Optional;

/**
 * What the management API shows of an image's config blob: its platform and when it was built
 * ({@code created}, as the config states it; empty when it does not).
 */
public record ImageConfig(Platform platform, Optional<String> created) {}
