package dev.berth.registry.content;

import dev.berth.registry.model.Digest;
import dev.berth.registry.model.Tag;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a tag points and when it last moved there. Pushing the digest a tag already points at
 * does not move it.
 *
 * @param movedAt  when the tag was set to {@code digest}; for a tag set before Berth kept tag
 *     records (or whose record a crash left behind), the last time its tag object was written
 * @param movedBy  the account that moved it; empty when anonymous or unknown
 * @param previous the digest it pointed at before; empty when the tag was new or that is unknown
 */
public record TagRecord(Tag tag, Digest digest, Instant movedAt, String movedBy, Optional<Digest> previous) {}
