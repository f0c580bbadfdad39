package dev.berth.registry.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.registry.model.Descriptor;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.RepositoryName;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The OCI 1.1 referrers of each subject: one small descriptor object per referring manifest, kept
 * beside the subject's digest so that answering a referrers request lists one folder.
 */
public final class ReferrerIndex {
    private final Storage storage;

    public ReferrerIndex(Storage storage) {
        this.storage = storage;
    }

    void add(RepositoryName repository, Digest subject, Descriptor referrer) {
        ObjectNode json = Json.object();
        json.put("mediaType", referrer.mediaType());
        json.put("digest", referrer.digest().toString());
        json.put("size", referrer.size());
        if (referrer.artifactType() != null) {
            json.put("artifactType", referrer.artifactType());
        }
        if (referrer.annotations() != null) {
            json.set("annotations", Json.MAPPER.valueToTree(referrer.annotations()));
        }
        storage.put(RegistryLayout.referrer(repository, subject, referrer.digest()), Json.bytes(json));
    }

    void remove(RepositoryName repository, Digest subject, Digest referrer) {
        storage.delete(RegistryLayout.referrer(repository, subject, referrer));
    }

    /** Every entry of the repository's index as (subject, referrer), in no particular order. */
    public void forEachEntry(RepositoryName repository, BiConsumer<Digest, Digest> visitor) {
        StoragePath index = RegistryLayout.referrerIndex(repository);
        storage.walk(index, object -> RegistryLayout.referrerEntry(repository, object.path())
                .ifPresent(e -> visitor.accept(e.getKey(), e.getValue())));
    }

    /** The referrers of {@code subject}, those of {@code artifactType} only when it is not null. */
    public List<Descriptor> list(RepositoryName repository, Digest subject, String artifactType) {
        List<Descriptor> out = new ArrayList<>();
        Listings.forEach(storage, RegistryLayout.referrers(repository, subject), name -> StoredObjects.read(
                        storage, RegistryLayout.referrerEntry(repository, subject, name))
                .map(ReferrerIndex::descriptor)
                .filter(d -> artifactType == null || artifactType.equals(d.artifactType()))
                .ifPresent(out::add));
        return out;
    }

    private static Descriptor descriptor(byte[] json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            Map<String, String> annotations = null;
            if (node.has("annotations")) {
                annotations = new LinkedHashMap<>();
                for (var it = node.get("annotations").fields(); it.hasNext(); ) {
                    var e = it.next();
                    annotations.put(e.getKey(), e.getValue().asText());
                }
            }
            return new Descriptor(
                    node.get("mediaType").asText(),
                    Digest.parse(node.get("digest").asText()),
                    node.get("size").asLong(),
                    node.hasNonNull("artifactType") ? node.get("artifactType").asText() : null,
                    annotations);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt referrer entry", e);
        }
    }
}
