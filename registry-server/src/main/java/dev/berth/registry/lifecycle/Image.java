package dev.berth.registry.lifecycle;

import dev.berth.registry.model.Digest;
import java.time.Instant;
import java.util.List;

/**
 * An image as lifecycle rules see it: a manifest revision of a repository, its tags (sorted) and
 * when it was pushed.
 */
public record Image(Digest digest, List<String> tags, Instant pushedAt) {
    public Image {
        tags = tags.stream().sorted().toList();
    }
}
