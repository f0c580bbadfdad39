package dev.berth.registry.content;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.ImmutableTagRule;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tags that never move ({@code repositories.immutable-tags}): once a tag of a repository a rule
 * governs points at a manifest, pointing it at another is refused with {@code TAG_INVALID}.
 * Pushing the digest it points at again is fine, and so is deleting the tag (or its manifest),
 * after which the tag may be pushed anew.
 *
 * <p>Servers sharing a store have no compare-and-set on a tag, so the tag is read twice: before the
 * push writes anything, which refuses nearly every move with nothing written, and again just before
 * the tag is written (a push refused only then has stored its manifest, untagged). Two pushes
 * that create the same new tag with different digests within that last moment can both succeed;
 * the later write wins and the tag holds from then on.
 */
public final class ImmutableTags {
    private final List<ImmutableTagRule> rules;
    private final TagStore tags;

    ImmutableTags(List<ImmutableTagRule> rules, TagStore tags) {
        this.rules = List.copyOf(rules);
        this.tags = tags;
    }

    /** Whether a rule keeps {@code tag} of {@code repository} from moving. */
    public boolean isImmutable(RepositoryName repository, Tag tag) {
        return rules.stream().anyMatch(rule -> rule.freezes(repository, tag));
    }

    /**
     * Refuses (400 {@code TAG_INVALID}) when one of {@code toSet} is immutable and points at another
     * manifest than {@code digest}. Reads only the tags that are immutable.
     */
    void check(RepositoryName repository, Collection<Tag> toSet, Digest digest) {
        for (Tag tag : toSet) {
            if (!isImmutable(repository, tag)) {
                continue;
            }
            Optional<Digest> current = tags.resolve(repository, tag);
            if (current.isPresent() && !current.get().equals(digest)) {
                throw new RegistryException(
                        ErrorCode.TAG_INVALID,
                        "tag is immutable: " + tag + " already points at " + current.get(),
                        Map.of("tag", tag.value(), "digest", current.get().toString()));
            }
        }
    }
}
