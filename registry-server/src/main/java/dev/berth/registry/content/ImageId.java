package dev.berth.registry.content;

import java.util.Optional;

/**
 * An image as a batch deletion names it (ECR's {@code imageId}): a digest, a tag or both, as the
 * client wrote them (not yet validated, so that each can fail on its own).
 */
public record ImageId(Optional<String> digest, Optional<String> tag) {}
