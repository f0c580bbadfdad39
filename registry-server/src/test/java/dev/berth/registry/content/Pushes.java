package dev.berth.registry.content;

import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.MediaTypes;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.RepositoryRules;
import dev.berth.registry.model.Tag;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A registry with repository rules over a store, and pushes as clients make them, for tests of those rules. */
final class Pushes {
    static final String LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";

    final Storage storage;
    final Registry registry;
    private final Map<Digest, Integer> sizes = new HashMap<>();

    Pushes(Storage storage, RepositoryRules rules) {
        this.storage = storage;
        this.registry = new Registry(storage, Clock.systemUTC(), Registry.DEFAULT_GRACE, rules);
    }

    static RepositoryName repo(String name) {
        return new RepositoryName(name);
    }

    /** Uploads {@code size} bytes made from {@code seed} into {@code repository}, in one request. */
    Digest blob(String repository, int size, int seed) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) seed);
        bytes[0] = (byte) (seed >> 8);
        Digest digest = Digest.of(DigestAlgorithm.SHA256, bytes);
        sizes.put(digest, size);
        return registry.uploads().putWhole(repo(repository), digest, ChunkSources.of(bytes));
    }

    /** An image manifest of {@code config} and {@code layers}, which {@link #blob} made. */
    byte[] image(Digest config, Digest... layers) {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"config\":" + descriptor(CONFIG, config) + ",\"layers\":[");
        for (int i = 0; i < layers.length; i++) {
            json.append(i > 0 ? "," : "").append(descriptor(LAYER, layers[i]));
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Pushes {@code manifest} to {@code reference} (a tag or a digest), setting {@code extraTags} too. */
    ManifestStore.PutResult push(String repository, String reference, byte[] manifest, String... extraTags) {
        return registry.manifests()
                .put(
                        repo(repository),
                        Reference.parse(reference),
                        manifest,
                        null,
                        Arrays.stream(extraTags).map(Tag::new).toList());
    }

    /** Pushes {@code manifest} by its digest, with {@code tags}. */
    ManifestStore.PutResult pushByDigest(String repository, byte[] manifest, String... tags) {
        return push(repository, digest(manifest).toString(), manifest, tags);
    }

    static Digest digest(byte[] content) {
        return Digest.of(DigestAlgorithm.SHA256, content);
    }

    /** Every object in the store with its content, in path order. */
    Map<String, String> everything() {
        Map<String, String> all = new TreeMap<>();
        for (String top : List.of("blobs", "repositories", "gc", "uploads")) {
            storage.walk(
                    new StoragePath(top),
                    o -> all.put(
                            o.path().value(),
                            o.size() > 200
                                    ? o.size() + " bytes"
                                    : new String(storage.readAll(o.path()), StandardCharsets.UTF_8)));
        }
        return all;
    }

    private String descriptor(String mediaType, Digest digest) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + sizes.get(digest) + "}";
    }
}
