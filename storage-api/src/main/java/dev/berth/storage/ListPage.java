package dev.berth.storage;

import java.util.List;

/**
 * One page of {@link Storage#list}: child names in ascending order, and whether more follow
 * (ask again with {@code startAfter} set to the last name).
 */
public record ListPage(List<String> names, boolean truncated) {
    public ListPage {
        names = List.copyOf(names);
    }

    public String last() {
        return names.isEmpty() ? null : names.get(names.size() - 1);
    }
}
