package dev.berth.registry.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.RepositoryName;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The global content-addressed blob store and the per-repository links that grant access to it.
 * A repository serves a blob only through its own link; storing content that already exists
 * stores nothing new.
 *
 * <p>Blob sizes are kept in memory ({@link #sizes}, bounded): a digest's content never changes, and
 * only garbage collection deletes it, after removing every link to it. So a serving lookup
 * ({@link #find}) checks the link in storage, as always, and takes the size from memory: a link
 * there means the content is there too, as much as it did when both were read from storage. Links
 * are not cached: removing one (here or on any server sharing the store) takes effect at once. What
 * a push relies on ({@link #claim}, {@link #isLinked}, {@link #existsAnywhere}) is read from
 * storage after the caller's claim, as {@link DeletionGuard} requires.
 */
public final class BlobStore {
    private static final byte[] LINK = new byte[0];

    /** A blob as garbage collection sees it: which content, how big, stored when. */
    public record StoredBlob(Digest digest, long size, Instant lastModified) {}

    /** Blob sizes a server remembers; beyond, the least used are looked up again. */
    static final int SIZES_CAPACITY = 100_000;

    private final Storage storage;
    private final DeletionGuard guard;
    private final Cache<Digest, Long> sizes =
            Caffeine.newBuilder().maximumSize(SIZES_CAPACITY).recordStats().build();

    public BlobStore(Storage storage, DeletionGuard guard) {
        this.storage = storage;
        this.guard = guard;
    }

    /** The blob sizes this server remembers, for metrics. */
    public Cache<Digest, Long> sizes() {
        return sizes;
    }

    /**
     * Like {@link #find}, for a client that is pushing and will rely on the answer: the blob is
     * claimed first, so garbage collection leaves it alone for the grace period (unless the store
     * refuses writes, see {@link DeletionGuard#claimForRead}).
     */
    public Optional<BlobContent> claim(RepositoryName repository, Digest digest) {
        // Only content the repository links is claimed, so probing digests writes nothing; the
        // answer the client relies on is the lookup after the claim.
        if (!hasLink(repository, digest)) {
            return Optional.empty();
        }
        guard.claimForRead(digest);
        if (!hasLink(repository, digest)) {
            return Optional.empty();
        }
        return storedSize(digest).map(size -> content(digest, size));
    }

    /**
     * The blob as {@code repository} may serve it, or empty when it has no link or no content; its
     * size from memory when this server knows it.
     */
    public Optional<BlobContent> find(RepositoryName repository, Digest digest) {
        if (!hasLink(repository, digest)) {
            return Optional.empty();
        }
        Long known = sizes.getIfPresent(digest);
        return (known != null ? Optional.of(known) : storedSize(digest)).map(size -> content(digest, size));
    }

    private BlobContent content(Digest digest, long size) {
        return new BlobContent(storage, RegistryLayout.blob(digest), digest, size);
    }

    /** The size of the blob as storage has it now, remembered; empty when it is not there. */
    private Optional<Long> storedSize(Digest digest) {
        Optional<Long> size = storage.stat(RegistryLayout.blob(digest)).map(ObjectInfo::size);
        size.ifPresentOrElse(s -> sizes.put(digest, s), () -> sizes.invalidate(digest));
        return size;
    }

    /** Whether {@code repository} links the digest, whether or not its content is there. */
    boolean hasLink(RepositoryName repository, Digest digest) {
        return storage.stat(RegistryLayout.link(repository, digest)).isPresent();
    }

    /** Whether the repository links the digest and its content is there, both as storage has them now. */
    public boolean isLinked(RepositoryName repository, Digest digest) {
        return hasLink(repository, digest) && storedSize(digest).isPresent();
    }

    public boolean existsAnywhere(Digest digest) {
        return storedSize(digest).isPresent();
    }

    /**
     * Links an existing blob into {@code repository} without moving bytes, taking it from
     * {@code source} or, when that is empty, from anywhere in the store. False when the source
     * does not have it.
     */
    public boolean mount(RepositoryName repository, Digest digest, Optional<RepositoryName> source) {
        guard.claim(digest);
        boolean present = source.map(s -> isLinked(s, digest)).orElseGet(() -> existsAnywhere(digest));
        if (!present) {
            return false;
        }
        link(repository, digest);
        return true;
    }

    /** Removes the repository's link; the content stays for other repositories (GC removes it). */
    public boolean unlink(RepositoryName repository, Digest digest) {
        return storage.delete(RegistryLayout.link(repository, digest));
    }

    /** Every blob in the store, in no particular order; blobs stored meanwhile may be missed. */
    public void forEachBlob(Consumer<StoredBlob> visitor) {
        storage.walk(RegistryLayout.blobs(), object -> RegistryLayout.blobDigest(object.path())
                .ifPresent(d -> visitor.accept(new StoredBlob(d, object.size(), object.lastModified()))));
    }

    public Optional<StoredBlob> stat(Digest digest) {
        return storage.stat(RegistryLayout.blob(digest))
                .map(info -> new StoredBlob(digest, info.size(), info.lastModified()));
    }

    /** Every digest {@code repository} has a link to, in no particular order. */
    public void forEachLink(RepositoryName repository, Consumer<Digest> visitor) {
        StoragePath links = RegistryLayout.links(repository);
        storage.walk(links, object -> RegistryLayout.digestBelow(links, object.path())
                .ifPresent(visitor));
    }

    /**
     * Deletes the content itself. Only the collector calls this, after removing every link to it
     * and while it holds the digest's {@link DeletionGuard#beginDeletion tombstone}.
     */
    public boolean deleteContent(Digest digest) {
        sizes.invalidate(digest);
        return storage.delete(RegistryLayout.blob(digest));
    }

    void link(RepositoryName repository, Digest digest) {
        storage.put(RegistryLayout.link(repository, digest), LINK);
    }

    /**
     * Stores small content (a manifest) under its digest. One put, whether or not it is there
     * already: writing the same bytes again costs no more than looking for them.
     */
    void storeSmall(Digest digest, byte[] content) {
        storage.put(RegistryLayout.blob(digest), content);
        sizes.put(digest, (long) content.length);
    }

    /**
     * Makes verified bytes the blob {@code digest} unless it exists already: the one place that
     * decides between storing content and deduplicating it. {@code store} puts the bytes at the
     * path it is given (writes, moves or completes them there). True when it stored them; false
     * when the blob was there and the bytes are the caller's to drop. The caller has claimed the
     * digest, and verified that the bytes are {@code size} bytes with that digest.
     */
    boolean promote(Digest digest, long size, Consumer<StoragePath> store) {
        if (storedSize(digest).isPresent()) {
            return false;
        }
        store.accept(RegistryLayout.blob(digest));
        sizes.put(digest, size);
        return true;
    }
}
