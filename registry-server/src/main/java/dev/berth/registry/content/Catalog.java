package dev.berth.registry.content;

import dev.berth.registry.model.RepositoryName;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which repositories exist. A folder under {@code repositories/} is a repository when it has a
 * {@code _} child; other children are nested name components.
 */
public final class Catalog {
    private final Storage storage;

    public Catalog(Storage storage) {
        this.storage = storage;
    }

    /** True when the repository holds anything of its own (not only nested repositories). */
    public boolean exists(RepositoryName repository) {
        // "^" sorts just before "_": the first name after it is a "_" folder if there is one.
        return storage.list(RegistryLayout.repository(repository), "^", 1).names().stream()
                .anyMatch(name -> name.startsWith("_"));
    }

    /**
     * Up to {@code limit} names accepted by {@code visible}, in lexical order after {@code last};
     * the page says whether more follow.
     */
    public NamePage list(String last, int limit, Predicate<String> visible) {
        List<String> page = new ArrayList<>();
        for (String name : last == null ? names() : names().tailSet(last, false)) {
            if (!visible.test(name)) {
                continue;
            }
            if (page.size() == limit) {
                return new NamePage(page, true);
            }
            page.add(name);
        }
        return new NamePage(page, false);
    }

    /** Every repository accepted by {@code visible}, in lexical order. */
    public List<RepositoryName> all(Predicate<String> visible) {
        return names().stream().filter(visible).map(RepositoryName::new).toList();
    }

    /**
     * Every repository named {@code prefix} or below it ({@code prefix/...}) accepted by
     * {@code visible}, in lexical order; only that part of the store is listed. An empty prefix
     * stands for the whole store.
     */
    public List<RepositoryName> all(String prefix, Predicate<String> visible) {
        if (prefix.isEmpty()) {
            return all(visible);
        }
        if (!RepositoryName.isValid(prefix)) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>();
        collect(RegistryLayout.repository(new RepositoryName(prefix)), prefix, names);
        return names.stream().filter(visible).map(RepositoryName::new).toList();
    }

    private TreeSet<String> names() {
        TreeSet<String> all = new TreeSet<>();
        collect(RegistryLayout.repositories(), "", all);
        return all;
    }

    private void collect(StoragePath folder, String name, TreeSet<String> out) {
        Listings.forEach(storage, folder, child -> {
            String nested = name.isEmpty() ? child : name + "/" + child;
            if (child.startsWith("_") && !name.isEmpty()) {
                out.add(name);
            } else if (RepositoryName.isValid(nested)) {
                collect(RegistryLayout.repository(new RepositoryName(nested)), nested, out);
            }
        });
    }
}
