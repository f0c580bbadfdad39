package dev.berth.registry.content;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stored manifest as the management API describes it: its media type and size, its config and
 * layers (image manifests) or child manifests (indexes), its artifact type and subject. Read from
 * bytes the manifest store validated at push; a descriptor that does not parse is left out rather
 * than failing a listing.
 *
 * @param artifactType the manifest's {@code artifactType}, or empty
 */
public record ManifestParts(
        Digest digest,
        String mediaType,
        long size,
        Optional<Part> config,
        List<Part> layers,
        List<Part> children,
        Optional<String> artifactType,
        Optional<Digest> subject) {

    public ManifestParts {
        layers = List.copyOf(layers);
        children = List.copyOf(children);
    }

    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    static ManifestParts parse(StoredManifest manifest) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(manifest.content());
        } catch (IOException e) {
            root = Json.object();
        }
        return new ManifestParts(
                manifest.digest(),
                manifest.mediaType(),
                manifest.content().length,
                part(root.get("config")),
                parts(root.get("layers")),
                parts(root.get("manifests")),
                text(root, "artifactType"),
                part(root.get("subject")).map(Part::digest));
    }

    private static List<Part> parts(JsonNode array) {
        List<Part> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(node -> part(node).ifPresent(out::add));
        }
        return out;
    }

    private static Optional<Part> part(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        try {
            Digest digest = Digest.parse(node.path("digest").asText());
            JsonNode platform = node.get("platform");
            Optional<Platform> p =
                    platform != null && platform.isObject() ? Optional.of(platform(platform)) : Optional.empty();
            return Optional.of(new Part(
                    digest, node.path("mediaType").asText(""), node.path("size").asLong(0), p));
        } catch (RegistryException e) {
            return Optional.empty();
        }
    }

    /** The platform fields of an index entry's {@code platform} or of an image config. */
    static Platform platform(JsonNode node) {
        return new Platform(
                node.path("os").asText(""),
                node.path("architecture").asText(""),
                node.path("variant").asText(""));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
