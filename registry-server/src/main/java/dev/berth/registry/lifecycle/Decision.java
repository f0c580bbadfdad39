package dev.berth.registry.lifecycle;

import dev.berth.registry.model.Digest;

/**
 * What one rule decided about one image that it selected for expiry.
 *
 * @param expire false when the rule selected the image but may not expire it: a rule of higher
 *     priority matched its tags first
 * @param reason why, in words, for the preview
 */
public record Decision(Digest digest, LifecycleRule rule, boolean expire, String reason) {}
