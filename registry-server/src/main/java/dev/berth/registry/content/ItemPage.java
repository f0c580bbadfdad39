package dev.berth.registry.content;

import java.util.List;
import java.util.Optional;

/**
 * One page of a management listing: the items, and the key the next page starts after (a
 * repository name, a digest), empty when this page is the last.
 */
public record ItemPage<T>(List<T> items, Optional<String> nextAfter) {
    public ItemPage {
        items = List.copyOf(items);
    }
}
