package dev.berth.registry.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.Manifest;
import dev.berth.registry.model.ManifestParser;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.RepositoryRules;
import dev.berth.registry.model.Tag;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Manifest revisions of repositories. A manifest's bytes are a blob like any other; the revision
 * object records that the repository holds it and its media type. Writes go bytes, link,
 * revision, its push record, referrer entry, tags (each followed by its move record); deletes run
 * the other way, so a crash leaves at worst garbage, or an object without its record, which
 * {@link ImageRecords} tolerates.
 *
 * <p>Manifest bytes are kept in memory by digest ({@link #contents}, bounded by weight): they never
 * change, so a read serves them from memory once the repository's revision and link, which are
 * read from storage every time, say it holds them (see {@link BlobStore} for why that is enough).
 */
public final class ManifestStore {
    /** Bytes of manifests a server keeps in memory; beyond, the least used are read again. */
    static final long CONTENTS_WEIGHT = 32L * 1024 * 1024;

    private final Storage storage;
    private final BlobStore blobs;
    private final TagStore tags;
    private final ReferrerIndex referrers;
    private final DeletionGuard guard;
    private final ImageRecords images;
    private final ImmutableTags immutableTags;
    private final Quotas quotas;
    private final Cache<Digest, byte[]> contents = Caffeine.newBuilder()
            .maximumWeight(CONTENTS_WEIGHT)
            .weigher((Digest digest, byte[] bytes) -> bytes.length)
            .recordStats()
            .build();

    /** @param rules the tags that never move and the quotas that pushes must respect */
    ManifestStore(
            Storage storage,
            BlobStore blobs,
            TagStore tags,
            ReferrerIndex referrers,
            DeletionGuard guard,
            ImageRecords images,
            Catalog catalog,
            RepositoryRules rules) {
        this.guard = guard;
        this.images = images;
        this.storage = storage;
        this.blobs = blobs;
        this.tags = tags;
        this.referrers = referrers;
        this.immutableTags = new ImmutableTags(rules.immutableTags(), tags);
        this.quotas = new Quotas(rules.quotas(), new RepositoryUsage(this, blobs), blobs, catalog);
    }

    /** The manifest bytes this server keeps in memory, for metrics. */
    public Cache<Digest, byte[]> contents() {
        return contents;
    }

    /** The tags pushes may not move. */
    public ImmutableTags immutableTags() {
        return immutableTags;
    }

    /** The quotas pushes must respect, with what they count. */
    public Quotas quotas() {
        return quotas;
    }

    /**
     * What a successful push answers with: the manifest's digest and media type, its subject (or
     * null) and the tags set.
     */
    public record PutResult(Digest digest, String mediaType, Digest subject, List<Tag> tags) {
        public PutResult {
            tags = List.copyOf(tags);
        }
    }

    /** A manifest revision of a repository and when it was last written (pushed). */
    public record Revision(Digest digest, Instant written) {}

    /** {@link #put(RepositoryName, Reference, byte[], String, List, String)} by an anonymous caller. */
    public PutResult put(
            RepositoryName repository, Reference reference, byte[] content, String contentType, List<Tag> extraTags) {
        return put(repository, reference, content, contentType, extraTags, "");
    }

    /**
     * Validates and stores a manifest, then points {@code reference} (when a tag) and every tag of
     * {@code extraTags} at it. A tag that points at the manifest already is left as it is; one that
     * moves is recorded with {@code actor}, as is the revision's first push (see {@link ImageRecords}).
     *
     * <p>What it references is claimed only once the repository is known to hold all of it (a link
     * to each blob, a revision of each child): a push that is refused leaves no claim behind, so
     * naming a digest cannot keep content of other repositories from garbage collection. Each
     * reference is checked in full (link and content) after its claim, as {@link DeletionGuard#claim}
     * requires. Layers clients fetch from elsewhere
     * ({@link Manifest#externalLayers()}) are neither required nor claimed.
     *
     * <p>A tag that {@link ImmutableTags} keeps from moving, or a quota the manifest would exceed
     * ({@link Quotas}), refuses the push before anything is written (a quota's refusal only removes
     * the repository's links to the blobs the refused image brought).
     *
     * @param actor the account pushing, empty when anonymous
     */
    public PutResult put(
            RepositoryName repository,
            Reference reference,
            byte[] content,
            String contentType,
            List<Tag> extraTags,
            String actor) {
        DigestAlgorithm algorithm = reference.isDigest() ? reference.digest().algorithm() : DigestAlgorithm.SHA256;
        Manifest manifest = ManifestParser.parse(content, contentType, algorithm);
        if (reference.isDigest() && !reference.digest().equals(manifest.digest())) {
            throw new RegistryException(
                    ErrorCode.DIGEST_INVALID,
                    "manifest has digest " + manifest.digest() + ", not " + reference.digest(),
                    reference.toString());
        }
        requireReferences(repository, manifest, blob -> blobs.hasLink(repository, blob));
        Set<Tag> tagsToSet = new LinkedHashSet<>();
        if (!reference.isDigest()) {
            tagsToSet.add(reference.tag());
        }
        tagsToSet.addAll(extraTags);
        immutableTags.check(repository, tagsToSet, manifest.digest());
        quotas.admitManifest(repository, manifest);
        guard.claim(manifest.digest());
        manifest.blobs().forEach(guard::claim);
        manifest.children().forEach(guard::claim);
        requireReferences(repository, manifest, blob -> blobs.isLinked(repository, blob));

        blobs.storeSmall(manifest.digest(), content);
        contents.put(manifest.digest(), content);
        blobs.link(repository, manifest.digest());
        storage.put(
                RegistryLayout.revision(repository, manifest.digest()),
                manifest.mediaType().getBytes(StandardCharsets.UTF_8));
        images.recordPush(repository, manifest.digest(), actor);
        if (manifest.subject() != null) {
            referrers.add(repository, manifest.subject(), manifest.asDescriptor());
        }
        // Again, as late as can be: a push elsewhere may have set an immutable tag meanwhile.
        immutableTags.check(repository, tagsToSet, manifest.digest());
        for (Tag tag : tagsToSet) {
            Optional<Digest> previous = tags.resolve(repository, tag);
            if (!previous.equals(Optional.of(manifest.digest()))) {
                tags.set(repository, tag, manifest.digest());
                images.recordMove(repository, tag, manifest.digest(), previous, actor);
            }
        }
        return new PutResult(manifest.digest(), manifest.mediaType(), manifest.subject(), List.copyOf(tagsToSet));
    }

    /**
     * Every blob the manifest needs is {@code held} by {@code repository}, every manifest it lists a
     * revision of it.
     */
    private void requireReferences(RepositoryName repository, Manifest manifest, Predicate<Digest> held) {
        for (Digest blob : manifest.blobs()) {
            if (!held.test(blob)) {
                throw new RegistryException(
                        ErrorCode.MANIFEST_BLOB_UNKNOWN, "blob unknown to repository", blob.toString());
            }
        }
        for (Digest child : manifest.children()) {
            if (!isRevision(repository, child)) {
                throw new RegistryException(
                        ErrorCode.MANIFEST_BLOB_UNKNOWN, "manifest unknown to repository", child.toString());
            }
        }
    }

    /**
     * Like {@link #get}, for a client that is pushing and will rely on the answer (a HEAD before
     * pushing an index): the manifest is claimed first, so garbage collection leaves it alone
     * (unless the store refuses writes, see {@link DeletionGuard#claimForRead}).
     */
    public Optional<StoredManifest> claim(RepositoryName repository, Reference reference) {
        Optional<Digest> digest =
                reference.isDigest() ? Optional.of(reference.digest()) : tags.resolve(repository, reference.tag());
        if (digest.isEmpty() || !isRevision(repository, digest.get())) {
            return Optional.empty();
        }
        guard.claimForRead(digest.get());
        return get(repository, new Reference(null, digest.get()));
    }

    public Optional<StoredManifest> get(RepositoryName repository, Reference reference) {
        Optional<Digest> digest =
                reference.isDigest() ? Optional.of(reference.digest()) : tags.resolve(repository, reference.tag());
        if (digest.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> mediaType = mediaType(repository, digest.get());
        if (mediaType.isEmpty()) {
            return Optional.empty();
        }
        if (!blobs.hasLink(repository, digest.get())) {
            return Optional.empty();
        }
        return content(digest.get()).map(content -> new StoredManifest(content, mediaType.get(), digest.get()));
    }

    /** The manifest's bytes, from memory when this server has them; empty when they are gone. */
    private Optional<byte[]> content(Digest digest) {
        byte[] known = contents.getIfPresent(digest);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<byte[]> read = StoredObjects.read(storage, RegistryLayout.blob(digest));
        read.ifPresent(bytes -> contents.put(digest, bytes));
        return read;
    }

    /** Every revision of {@code repository}, in no particular order. */
    public void forEachRevision(RepositoryName repository, Consumer<Revision> visitor) {
        StoragePath revisions = RegistryLayout.revisions(repository);
        storage.walk(revisions, object -> RegistryLayout.digestBelow(revisions, object.path())
                .ifPresent(digest -> visitor.accept(new Revision(digest, object.lastModified()))));
    }

    /**
     * The revision's bytes and media type, whether or not the repository's link to them is intact:
     * garbage collection must follow what a revision references even when it cannot be served.
     * Empty when the revision or its bytes are gone.
     */
    public Optional<StoredManifest> readRevision(RepositoryName repository, Digest digest) {
        return mediaType(repository, digest)
                .flatMap(mediaType -> content(digest).map(content -> new StoredManifest(content, mediaType, digest)));
    }

    /**
     * Removes a revision that no tag points at, with its referrer entry when it has a
     * {@code subject} (may be null): what garbage collection prunes. Unlike {@link #delete} it
     * does not look for tags; the collector has seen that there are none, and its tombstone on the
     * digest holds off a push that would add one.
     */
    public void removeUntagged(RepositoryName repository, Digest digest, Digest subject) {
        if (subject != null) {
            referrers.remove(repository, subject, digest);
        }
        images.forgetRevision(repository, digest);
        storage.delete(RegistryLayout.revision(repository, digest));
    }

    public boolean isRevision(RepositoryName repository, Digest digest) {
        return storage.stat(RegistryLayout.revision(repository, digest)).isPresent();
    }

    /**
     * Deletes a tag (only the tag), or a revision with every tag that points at it and its
     * referrer entry; their records go with them. Answers the tags removed; empty when there was
     * nothing to delete.
     */
    public Optional<List<Tag>> delete(RepositoryName repository, Reference reference) {
        if (!reference.isDigest()) {
            return deleteTag(repository, reference.tag()) ? Optional.of(List.of(reference.tag())) : Optional.empty();
        }
        Digest digest = reference.digest();
        Optional<StoredManifest> stored = get(repository, reference);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        List<Tag> pointing = new ArrayList<>();
        tags.forEach(repository, (tag, target) -> {
            if (target.equals(digest)) {
                pointing.add(tag);
            }
        });
        pointing.forEach(tag -> deleteTag(repository, tag));
        Manifest manifest =
                ManifestParser.parse(stored.get().content(), stored.get().mediaType(), digest.algorithm());
        if (manifest.subject() != null) {
            referrers.remove(repository, manifest.subject(), digest);
        }
        images.forgetRevision(repository, digest);
        return storage.delete(RegistryLayout.revision(repository, digest))
                ? Optional.of(List.copyOf(pointing))
                : Optional.empty();
    }

    private boolean deleteTag(RepositoryName repository, Tag tag) {
        images.forgetTag(repository, tag);
        return tags.delete(repository, tag);
    }

    private Optional<String> mediaType(RepositoryName repository, Digest digest) {
        return StoredObjects.read(storage, RegistryLayout.revision(repository, digest))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
