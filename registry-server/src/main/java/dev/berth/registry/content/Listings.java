package dev.berth.registry.content;

import dev.berth.storage.ListPage;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Pages through one level of storage, so that no caller writes its own listing loop. */
final class Listings {
    /** Names asked of the store at a time: one request on S3. */
    private static final int PAGE = 1000;

    private Listings() {}

    /** Visits every name under {@code directory}, in ascending order. */
    static void forEach(Storage storage, StoragePath directory, Consumer<String> visitor) {
        String after = null;
        ListPage page;
        do {
            page = storage.list(directory, after, PAGE);
            page.names().forEach(visitor);
            after = page.last();
        } while (page.truncated());
    }

    /**
     * Up to {@code limit} names under {@code directory} that {@code keep} accepts, in ascending
     * order after {@code last} (null for the start); truncated when any name follows the page.
     */
    static NamePage page(Storage storage, StoragePath directory, String last, int limit, Predicate<String> keep) {
        List<String> names = new ArrayList<>();
        String after = last;
        while (names.size() < limit) {
            ListPage page = storage.list(directory, after, Math.min(PAGE, limit - names.size()));
            page.names().stream().filter(keep).forEach(names::add);
            if (!page.truncated()) {
                return new NamePage(names, false);
            }
            after = page.last();
        }
        return new NamePage(names, !storage.list(directory, after, 1).names().isEmpty());
    }
}
