package dev.berth.registry.content;

import java.util.List;

/**
 * One page of a listing the API pages through (tags, the catalog): names in ascending order, and
 * whether more follow (ask again after the last name).
 */
public record NamePage(List<String> names, boolean truncated) {
    public NamePage {
        names = List.copyOf(names);
    }

    /** The last name, where the next page starts after; null for an empty page. */
    public String last() {
        return names.isEmpty() ? null : names.get(names.size() - 1);
    }
}
