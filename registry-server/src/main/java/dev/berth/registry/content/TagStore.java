package dev.berth.registry.content;

import dev.berth.registry.model.Digest;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;
import dev.berth.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiConsumer;

/** Tags: the only mutable objects, each holding the digest it points at. */
public final class TagStore {
    private final Storage storage;

    public TagStore(Storage storage) {
        this.storage = storage;
    }

    public Optional<Digest> resolve(RepositoryName repository, Tag tag) {
        return StoredObjects.read(storage, RegistryLayout.tag(repository, tag))
                .map(bytes -> Digest.parse(new String(bytes, StandardCharsets.UTF_8).trim()));
    }

    void set(RepositoryName repository, Tag tag, Digest digest) {
        storage.put(RegistryLayout.tag(repository, tag), digest.toString().getBytes(StandardCharsets.UTF_8));
    }

    boolean delete(RepositoryName repository, Tag tag) {
        return storage.delete(RegistryLayout.tag(repository, tag));
    }

    /**
     * Up to {@code limit} tags in lexical order, after {@code last} (null for the start); the
     * page says whether more follow.
     */
    public NamePage list(RepositoryName repository, String last, int limit) {
        return Listings.page(storage, RegistryLayout.tags(repository), last, limit, Tag::isValid);
    }

    /** Visits every tag of the repository with the digest it points at. */
    public void forEach(RepositoryName repository, BiConsumer<Tag, Digest> visitor) {
        Listings.forEach(storage, RegistryLayout.tags(repository), name -> {
            if (Tag.isValid(name)) {
                Tag tag = new Tag(name);
                resolve(repository, tag).ifPresent(digest -> visitor.accept(tag, digest));
            }
        });
    }
}
