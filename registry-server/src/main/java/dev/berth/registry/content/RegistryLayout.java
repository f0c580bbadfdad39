package dev.berth.registry.content;

import dev.berth.registry.model.Digest;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;
import dev.berth.registry.model.UploadId;
import dev.berth.storage.StoragePath;

/**
 * The one place that builds storage paths. The whole tree:
 *
 * <pre>
 * blobs/&lt;alg&gt;/&lt;hh&gt;/&lt;hex&gt;                               immutable content: layers, configs, manifests
 * repositories/&lt;name&gt;/_links/&lt;alg&gt;/&lt;hex&gt;                  "this repository may serve that blob" (empty)
 * repositories/&lt;name&gt;/_manifests/&lt;alg&gt;/&lt;hex&gt;              a manifest revision; holds its media type
 * repositories/&lt;name&gt;/_tags/&lt;tag&gt;                         tag -&gt; digest (the only mutable object)
 * repositories/&lt;name&gt;/_referrers/&lt;alg&gt;/&lt;hex&gt;/&lt;alg&gt;-&lt;hex&gt;  referrer descriptor (JSON), keyed by subject
 * uploads/&lt;uuid&gt;/data                                     in-flight upload bytes (a storage upload, not an object)
 * uploads/&lt;uuid&gt;/assembled                                completed bytes awaiting verification
 * uploads/&lt;uuid&gt;/info                                     upload state: repository, algorithm (JSON)
 * gc/recent/&lt;alg&gt;/&lt;hex&gt;                                  last time a push relied on that digest (empty)
 * gc/deleting/&lt;alg&gt;/&lt;hex&gt;                                the collector is deleting that digest (empty)
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
    private static final StoragePath UPLOADS = new StoragePath("uploads");

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
        return StoragePath.of(REPOSITORIES, name.value(), LINKS, digest.algorithm().id(), digest.hex());
    }

    static StoragePath revision(RepositoryName name, Digest digest) {
        return StoragePath.of(REPOSITORIES, name.value(), MANIFESTS, digest.algorithm().id(), digest.hex());
    }

    static StoragePath tags(RepositoryName name) {
        return StoragePath.of(REPOSITORIES, name.value(), TAGS);
    }

    static StoragePath tag(RepositoryName name, Tag tag) {
        return tags(name).resolve(tag.value());
    }

    static StoragePath referrers(RepositoryName name, Digest subject) {
        return StoragePath.of(REPOSITORIES, name.value(), REFERRERS, subject.algorithm().id(), subject.hex());
    }

    static StoragePath referrer(RepositoryName name, Digest subject, Digest referrer) {
        return referrers(name, subject).resolve(referrer.algorithm().id() + "-" + referrer.hex());
    }

    static StoragePath gcRecent(Digest digest) {
        return StoragePath.of("gc", "recent", digest.algorithm().id(), digest.hex());
    }

    static StoragePath gcDeleting(Digest digest) {
        return StoragePath.of("gc", "deleting", digest.algorithm().id(), digest.hex());
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
}
