package dev.berth.registry.content;

import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;
import dev.berth.registry.model.UploadId;
import dev.berth.storage.StoragePath;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that builds storage paths. The whole tree:
 *
 * <pre>
 * blobs/&lt;alg&gt;/&lt;hh&gt;/&lt;hex&gt;                               immutable content: layers, configs, manifests
 * repositories/&lt;name&gt;/_links/&lt;alg&gt;/&lt;hex&gt;                  "this repository may serve that blob" (empty)
 * repositories/&lt;name&gt;/_manifests/&lt;alg&gt;/&lt;hex&gt;              a manifest revision; holds its media type
 * repositories/&lt;name&gt;/_tags/&lt;tag&gt;                         tag -&gt; digest (the only mutable object)
 * repositories/&lt;name&gt;/_referrers/&lt;alg&gt;/&lt;hex&gt;/&lt;alg&gt;-&lt;hex&gt;  referrer descriptor (JSON), keyed by subject
 * repositories/&lt;name&gt;/_records/pushed/&lt;alg&gt;/&lt;hex&gt;        first push of a revision (JSON: at, by)
 * repositories/&lt;name&gt;/_records/pulled/&lt;alg&gt;/&lt;hex&gt;        last recorded pull of a revision (JSON: at)
 * repositories/&lt;name&gt;/_records/tags/&lt;tag&gt;                last move of a tag (JSON: digest, at, by, previous)
 * uploads/&lt;uuid&gt;/data                                     in-flight upload bytes (a storage upload, not an object)
 * uploads/&lt;uuid&gt;/assembled                                completed bytes awaiting verification
 * uploads/&lt;uuid&gt;/info                                     upload state: repository, algorithm, finishing (JSON)
 * gc/recent/&lt;alg&gt;/&lt;hex&gt;                                  last time a push relied on that digest (its refresh interval)
 * gc/deleting/&lt;alg&gt;/&lt;hex&gt;                                the collector is deleting that digest (empty)
 * gc/lock                                                  lease of the one collector running (JSON: owner, expiry)
 * gc/reserve                                               space the collector frees to run on a full disk (zeros)
 * gc/last-run                                              written when a collection completes (who ran it)
 * auth/keys/&lt;kid&gt;.json                                     a server's public token key and settings (JSON)
 * health/&lt;server-id&gt;                                      a running server's readiness probe (rewritten, read back)
 * </pre>
 *
 * <p>{@code <name>} is a validated {@link RepositoryName}: its components never start with
 * {@code _}, so the {@code _} folders never collide with nested repository names.
 */
public final class RegistryLayout {
    static final String REPOSITORIES = "repositories";
    static final String LINKS = "_links";
    static final String MANIFESTS = "_manifests";
    static final String TAGS = "_tags";
    static final String REFERRERS = "_referrers";
    static final String RECORDS = "_records";
    private static final StoragePath UPLOADS = new StoragePath("uploads");
    private static final String TOKEN_KEY_SUFFIX = ".json";

    private RegistryLayout() {}

    public static StoragePath blob(Digest digest) {
        return StoragePath.of("blobs", digest.algorithm().id(), digest.hex().substring(0, 2), digest.hex());
    }

    public static StoragePath repositories() {
        return new StoragePath(REPOSITORIES);
    }

    static StoragePath repository(RepositoryName name) {
        return StoragePath.of(REPOSITORIES, name.value());
    }

    static StoragePath link(RepositoryName name, Digest digest) {
        return StoragePath.of(
                REPOSITORIES, name.value(), LINKS, digest.algorithm().id(), digest.hex());
    }

    static StoragePath links(RepositoryName name) {
        return StoragePath.of(REPOSITORIES, name.value(), LINKS);
    }

    static StoragePath revisions(RepositoryName name) {
        return StoragePath.of(REPOSITORIES, name.value(), MANIFESTS);
    }

    static StoragePath revision(RepositoryName name, Digest digest) {
        return StoragePath.of(
                REPOSITORIES, name.value(), MANIFESTS, digest.algorithm().id(), digest.hex());
    }

    static StoragePath tags(RepositoryName name) {
        return StoragePath.of(REPOSITORIES, name.value(), TAGS);
    }

    static StoragePath tag(RepositoryName name, Tag tag) {
        return tags(name).resolve(tag.value());
    }

    static StoragePath referrerIndex(RepositoryName name) {
        return StoragePath.of(REPOSITORIES, name.value(), REFERRERS);
    }

    static StoragePath referrers(RepositoryName name, Digest subject) {
        return StoragePath.of(
                REPOSITORIES, name.value(), REFERRERS, subject.algorithm().id(), subject.hex());
    }

    static StoragePath referrer(RepositoryName name, Digest subject, Digest referrer) {
        return referrerEntry(name, subject, referrer.algorithm().id() + "-" + referrer.hex());
    }

    /** An entry of {@link #referrers} by the name a listing of that folder gave. */
    static StoragePath referrerEntry(RepositoryName name, Digest subject, String entry) {
        return referrers(name, subject).resolve(entry);
    }

    /** Push, pull and tag records of a repository, see {@link ImageRecords}. */
    static StoragePath records(RepositoryName name) {
        return StoragePath.of(REPOSITORIES, name.value(), RECORDS);
    }

    static StoragePath pushRecords(RepositoryName name) {
        return records(name).resolve("pushed");
    }

    static StoragePath pushRecord(RepositoryName name, Digest digest) {
        return pushRecords(name).resolve(digest.algorithm().id()).resolve(digest.hex());
    }

    static StoragePath pullRecords(RepositoryName name) {
        return records(name).resolve("pulled");
    }

    static StoragePath pullRecord(RepositoryName name, Digest digest) {
        return pullRecords(name).resolve(digest.algorithm().id()).resolve(digest.hex());
    }

    static StoragePath tagRecords(RepositoryName name) {
        return records(name).resolve("tags");
    }

    static StoragePath tagRecord(RepositoryName name, Tag tag) {
        return tagRecords(name).resolve(tag.value());
    }

    /** The tag whose {@link #tagRecord} {@code path} is, when it is one. */
    static Optional<Tag> tagOfRecord(RepositoryName name, StoragePath path) {
        List<String> rest = below(tagRecords(name), path);
        return rest.size() == 1 && Tag.isValid(rest.get(0)) ? Optional.of(new Tag(rest.get(0))) : Optional.empty();
    }

    static StoragePath blobs() {
        return new StoragePath("blobs");
    }

    static StoragePath gcRecent() {
        return StoragePath.of("gc", "recent");
    }

    static StoragePath gcRecent(Digest digest) {
        return StoragePath.of("gc", "recent", digest.algorithm().id(), digest.hex());
    }

    static StoragePath gcDeleting(Digest digest) {
        return StoragePath.of("gc", "deleting", digest.algorithm().id(), digest.hex());
    }

    /** The garbage collector's lease: only one collector runs on a store at a time. */
    public static StoragePath gcLock() {
        return StoragePath.of("gc", "lock");
    }

    /** Its time says when the last collection of the store completed. */
    public static StoragePath gcLastRun() {
        return StoragePath.of("gc", "last-run");
    }

    /** Space kept for the garbage collector's own writes, see {@link CollectorStore}. */
    public static StoragePath gcReserve() {
        return StoragePath.of("gc", "reserve");
    }

    /** Where the servers of this store publish their token keys. */
    public static StoragePath tokenKeys() {
        return StoragePath.of("auth", "keys");
    }

    /** The published token key {@code keyId}: a JWK thumbprint, base64url, checked by the caller. */
    public static StoragePath tokenKey(String keyId) {
        return tokenKeys().resolve(keyId + TOKEN_KEY_SUFFIX);
    }

    /** The key ID of a path below {@link #tokenKeys()}, if it names a published key. */
    public static Optional<String> tokenKeyId(StoragePath path) {
        List<String> rest = below(tokenKeys(), path);
        return rest.size() == 1 && rest.get(0).endsWith(TOKEN_KEY_SUFFIX)
                ? Optional.of(rest.get(0).substring(0, rest.get(0).length() - TOKEN_KEY_SUFFIX.length()))
                : Optional.empty();
    }

    /**
     * What a server's readiness probe writes and reads back: one object per server, so servers
     * sharing a store never collide.
     */
    static StoragePath health(String serverId) {
        return StoragePath.of("health", serverId);
    }

    static StoragePath uploads() {
        return UPLOADS;
    }

    static StoragePath uploadData(UploadId id) {
        return UPLOADS.resolve(id.value()).resolve("data");
    }

    static StoragePath uploadInfo(UploadId id) {
        return UPLOADS.resolve(id.value()).resolve("info");
    }

    static StoragePath uploadAssembled(UploadId id) {
        return UPLOADS.resolve(id.value()).resolve("assembled");
    }

    static StoragePath upload(UploadId id) {
        return UPLOADS.resolve(id.value());
    }

    /** The digest whose content {@code path} holds, when it is a {@link #blob} path. */
    static Optional<Digest> blobDigest(StoragePath path) {
        List<String> rest = below(blobs(), path);
        if (rest.size() != 3 || !rest.get(2).startsWith(rest.get(1))) {
            return Optional.empty();
        }
        return digest(rest.get(0), rest.get(2));
    }

    /**
     * The digest named by an object {@code <prefix>/<alg>/<hex>}, the shape of {@link #link},
     * {@link #revision}, {@link #pushRecord}, {@link #pullRecord} and {@link #gcRecent(Digest)} below
     * their folders.
     */
    static Optional<Digest> digestBelow(StoragePath prefix, StoragePath path) {
        List<String> rest = below(prefix, path);
        return rest.size() == 2 ? digest(rest.get(0), rest.get(1)) : Optional.empty();
    }

    /** Subject (key) and referrer (value) of a {@link #referrer} entry found below {@link #referrerIndex}. */
    static Optional<Map.Entry<Digest, Digest>> referrerEntry(RepositoryName name, StoragePath path) {
        List<String> rest = below(referrerIndex(name), path);
        if (rest.size() != 3) {
            return Optional.empty();
        }
        int dash = rest.get(2).indexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        Optional<Digest> subject = digest(rest.get(0), rest.get(1));
        Optional<Digest> referrer =
                digest(rest.get(2).substring(0, dash), rest.get(2).substring(dash + 1));
        return subject.isPresent() && referrer.isPresent()
                ? Optional.of(Map.entry(subject.get(), referrer.get()))
                : Optional.empty();
    }

    private static List<String> below(StoragePath prefix, StoragePath path) {
        if (!path.startsWith(prefix) || path.equals(prefix)) {
            return List.of();
        }
        return List.of(path.value().substring(prefix.value().length() + 1).split("/"));
    }

    private static Optional<Digest> digest(String algorithm, String hex) {
        return DigestAlgorithm.byId(algorithm).flatMap(a -> {
            try {
                return Optional.of(new Digest(a, hex));
            } catch (RegistryException e) {
                return Optional.empty();
            }
        });
    }
}
