package dev.berth.registry.content;

import dev.berth.registry.model.Digest;
import java.time.Instant;

/**
 * When a manifest revision was first pushed to its repository, and by whom.
 *
 * @param pushedAt the first push of the revision (pushing it again, under any tag, changes nothing:
 *     Amazon ECR's {@code imagePushedAt}); for a revision pushed before Berth kept push records, the
 *     last time its revision object was written
 * @param pushedBy the account that pushed it; empty when the push was anonymous (no auth, or
 *     anonymous pushes allowed) or the revision predates push records
 */
public record PushRecord(Digest digest, Instant pushedAt, String pushedBy) {}
