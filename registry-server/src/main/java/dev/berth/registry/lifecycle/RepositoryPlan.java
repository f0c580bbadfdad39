package dev.berth.registry.lifecycle;

import dev.berth.registry.model.Digest;
import dev.berth.registry.model.RepositoryName;
import java.time.Instant;
import java.util.List;

/**
 * What lifecycle rules expire in one repository, and which selected images they hold back.
 *
 * @param expire what expires, oldest push first
 * @param held   images a rule selected but that stay, each with the reason
 */
public record RepositoryPlan(RepositoryName repository, List<Expiry> expire, List<Hold> held) {
    public RepositoryPlan {
        expire = List.copyOf(expire);
        held = List.copyOf(held);
    }

    /**
     * An image that expires: its tags are removed, then its revision, then {@code alongWith}, the
     * untagged manifests that only it needed (the children of an index, its referrers), parents first.
     *
     * @param rule   the {@code rulePriority} of the rule that expires it
     * @param reason why, in words
     */
    public record Expiry(
            Digest digest, List<String> tags, Instant pushedAt, int rule, String reason, List<Digest> alongWith) {
        public Expiry {
            tags = List.copyOf(tags);
            alongWith = List.copyOf(alongWith);
        }
    }

    /** An image a rule selected that stays, and why. */
    public record Hold(Digest digest, List<String> tags, int rule, String reason) {
        public Hold {
            tags = List.copyOf(tags);
        }
    }
}
