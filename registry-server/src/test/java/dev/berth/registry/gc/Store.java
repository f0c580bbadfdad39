package dev.berth.registry.gc;

import dev.berth.registry.content.Registry;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.MediaTypes;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.RepositoryRules;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A registry over one storage, with helpers to push images the way clients do, for GC tests. */
final class Store {
    static final String LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final List<String> TOP = List.of("blobs", "repositories", "gc", "uploads");

    final Storage storage;
    final Registry registry;
    /** Every blob and manifest pushed, by digest, so descriptors carry real sizes. */
    final Map<Digest, byte[]> content = new HashMap<>();

    Store(Storage storage, Duration grace) {
        this(storage, grace, Clock.systemUTC());
    }

    /** A registry whose grace period and clock are those of a server configured so. */
    Store(Storage storage, Duration grace, Clock clock) {
        this(storage, grace, clock, RepositoryRules.NONE);
    }

    /** A registry whose pushes follow {@code rules} too. */
    Store(Storage storage, Duration grace, Clock clock, RepositoryRules rules) {
        this.storage = storage;
        this.registry = new Registry(storage, clock, grace, rules);
    }

    /** A collector whose clock runs {@code ahead} of the store's, so everything looks that much older. */
    GarbageCollector collector(Duration ahead) {
        return new GarbageCollector(registry, Clock.offset(Clock.systemUTC(), ahead), Duration.ofMillis(20));
    }

    static RepositoryName repo(String name) {
        return new RepositoryName(name);
    }

    static Digest sha256(byte[] bytes) {
        return Digest.of(DigestAlgorithm.SHA256, bytes);
    }

    Digest blob(String repository, String text) {
        return blob(repository, text.getBytes(StandardCharsets.UTF_8));
    }

    Digest blob(String repository, byte[] bytes) {
        Digest digest = sha256(bytes);
        content.put(digest, bytes);
        return registry.uploads().putWhole(repo(repository), digest, sink -> sink.accept(ByteBuffer.wrap(bytes)));
    }

    /** Pushes an image manifest; {@code tag} null pushes it by digest, untagged. */
    Digest image(String repository, String tag, Digest config, Digest... layers) {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"config\":" + descriptor(CONFIG, config) + ",\"layers\":[");
        for (int i = 0; i < layers.length; i++) {
            json.append(i > 0 ? "," : "").append(descriptor(LAYER, layers[i]));
        }
        return manifest(repository, tag, json.append("]}").toString());
    }

    /**
     * Pushes an image whose last layers clients fetch from elsewhere: {@code nonDistributable} by
     * its media type, {@code withUrls} by the URLs of its descriptor. The store need not hold them.
     */
    Digest imageWithExternalLayers(
            String repository, String tag, Digest config, Digest layer, Digest nonDistributable, Digest withUrls) {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                + descriptor(CONFIG, config) + ",\"layers\":[" + descriptor(LAYER, layer)
                + ",{\"mediaType\":\"application/vnd.oci.image.layer.nondistributable.v1.tar+gzip\",\"digest\":\""
                + nonDistributable + "\",\"size\":500}"
                + ",{\"mediaType\":\"" + LAYER + "\",\"digest\":\"" + withUrls + "\",\"size\":700,"
                + "\"urls\":[\"https://example.com/" + withUrls.hex() + "\"]}]}";
        return manifest(repository, tag, json);
    }

    /** Pushes an image index over {@code children}, which the repository holds already. */
    Digest index(String repository, String tag, Digest... children) {
        StringBuilder json = new StringBuilder(
                "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[");
        for (int i = 0; i < children.length; i++) {
            json.append(i > 0 ? "," : "").append(descriptor(MediaTypes.OCI_MANIFEST, children[i]));
        }
        return manifest(repository, tag, json.append("]}").toString());
    }

    /** Pushes an untagged artifact (a signature, say) whose subject is {@code subject}. */
    Digest referrer(String repository, Digest subject, String payload) {
        Digest empty = blob(repository, "{}");
        Digest layer = blob(repository, payload);
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"artifactType\":\"application/vnd.example.signature\",\"config\":"
                + descriptor("application/vnd.oci.empty.v1+json", empty) + ",\"layers\":[" + descriptor(LAYER, layer)
                + "],\"subject\":" + descriptor(MediaTypes.OCI_MANIFEST, subject) + "}";
        return manifest(repository, null, json);
    }

    private Digest manifest(String repository, String tag, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Digest digest = sha256(bytes);
        content.put(digest, bytes);
        Reference reference = tag == null ? new Reference(null, digest) : Reference.parse(tag);
        registry.manifests().put(repo(repository), reference, bytes, null, List.of());
        return digest;
    }

    private String descriptor(String mediaType, Digest digest) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":"
                + content.get(digest).length + "}";
    }

    void untag(String repository, String tag) {
        registry.manifests().delete(repo(repository), Reference.parse(tag));
    }

    /** Every digest in the blob store. */
    Set<Digest> blobs() {
        Set<Digest> all = new TreeSet<>(java.util.Comparator.comparing(Digest::toString));
        registry.blobs().forEachBlob(b -> all.add(b.digest()));
        return all;
    }

    /** Bytes in the blob store, measured by walking it. */
    long blobBytes() {
        long[] total = {0};
        storage.walk(new StoragePath("blobs"), o -> total[0] += o.size());
        return total[0];
    }

    long size(Digest... digests) {
        long total = 0;
        for (Digest d : digests) {
            total += content.get(d).length;
        }
        return total;
    }

    /** Every object with its size and time, to compare whole stores. */
    Map<StoragePath, String> listing() {
        Map<StoragePath, String> all = new TreeMap<>();
        for (String top : TOP) {
            storage.walk(new StoragePath(top), (ObjectInfo o) -> all.put(o.path(), o.size() + "@" + o.lastModified()));
        }
        return all;
    }

    boolean linked(String repository, Digest digest) {
        return registry.blobs().isLinked(repo(repository), digest);
    }

    boolean isRevision(String repository, Digest digest) {
        return registry.manifests().isRevision(repo(repository), digest);
    }

    /** The digests of {@code subject}'s referrers in {@code repository}. */
    List<Digest> referrers(String repository, Digest subject) {
        List<Digest> out = new ArrayList<>();
        registry.referrers().list(repo(repository), subject, null).forEach(d -> out.add(d.digest()));
        return out;
    }
}
