package dev.berth.registry.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates a pushed manifest: JSON, schema version, media type (from the body, else
 * the request's {@code Content-Type}), and every descriptor it holds. It checks form only;
 * whether referenced content exists is the manifest store's business.
 */
public final class ManifestParser {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final String EMPTY_CONFIG_TYPE = "application/vnd.oci.empty.v1+json";

    private ManifestParser() {}

    /**
     * Parses {@code content} pushed with {@code contentType} (may be null) and identifies it by its
     * {@code algorithm} digest.
     */
    public static Manifest parse(byte[] content, String contentType, DigestAlgorithm algorithm) {
        JsonNode root = readJson(content);
        String bodyType = text(root, "mediaType");
        String headerType = baseType(contentType);
        refuseSchema1(root, bodyType, headerType);
        if (!root.path("schemaVersion").isInt() || root.get("schemaVersion").intValue() != 2) {
            throw invalid("schemaVersion must be 2");
        }
        String mediaType = bodyType != null ? bodyType : headerType;
        if (mediaType == null) {
            throw invalid("manifest media type missing: set mediaType or Content-Type");
        }
        if (bodyType != null && headerType != null && !bodyType.equals(headerType)) {
            throw invalid("mediaType " + bodyType + " does not match Content-Type " + headerType);
        }
        if (!MediaTypes.isManifest(mediaType)) {
            throw invalid("unsupported manifest media type " + mediaType);
        }
        Digest digest = Digest.of(algorithm, content);
        Digest subject = root.has("subject") ? descriptorDigest(root.get("subject"), "subject") : null;
        Map<String, String> annotations = annotations(root);
        if (MediaTypes.INDEXES.contains(mediaType)) {
            List<Digest> children = descriptors(root, "manifests", true);
            return new Manifest(
                    content,
                    mediaType,
                    digest,
                    List.of(),
                    List.of(),
                    children,
                    subject,
                    text(root, "artifactType"),
                    annotations);
        }
        JsonNode config = root.get("config");
        if (config == null || !config.isObject()) {
            throw invalid("image manifest has no config descriptor");
        }
        List<Digest> blobs = new ArrayList<>();
        List<Digest> externalLayers = new ArrayList<>();
        blobs.add(descriptorDigest(config, "config"));
        List<Digest> layers = descriptors(root, "layers", mediaType.equals(MediaTypes.DOCKER_MANIFEST));
        for (int i = 0; i < layers.size(); i++) {
            (isExternal(root.get("layers").get(i)) ? externalLayers : blobs).add(layers.get(i));
        }
        String artifactType = text(root, "artifactType");
        if (artifactType == null && subject != null) {
            String configType = text(config, "mediaType");
            artifactType = EMPTY_CONFIG_TYPE.equals(configType) ? null : configType;
        }
        return new Manifest(
                content, mediaType, digest, blobs, externalLayers, List.of(), subject, artifactType, annotations);
    }

    /** A layer clients fetch from elsewhere: non-distributable by its media type, or with {@code urls}. */
    private static boolean isExternal(JsonNode layer) {
        JsonNode urls = layer.get("urls");
        return MediaTypes.NON_DISTRIBUTABLE_LAYERS.contains(text(layer, "mediaType"))
                || (urls != null && urls.isArray() && !urls.isEmpty());
    }

    private static JsonNode readJson(byte[] content) {
        try {
            JsonNode root = JSON.readTree(content);
            if (root == null || !root.isObject()) {
                throw invalid("manifest is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw invalid("manifest is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw invalid("manifest cannot be read");
        }
    }

    private static void refuseSchema1(JsonNode root, String bodyType, String headerType) {
        boolean schema1 = MediaTypes.DOCKER_SCHEMA1.equals(headerType)
                || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(headerType)
                || MediaTypes.DOCKER_SCHEMA1.equals(bodyType)
                || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(bodyType)
                || root.path("schemaVersion").asInt() == 1;
        if (schema1) {
            throw invalid("Docker schema1 manifests are not supported: push with schema2 or OCI");
        }
    }

    private static List<Digest> descriptors(JsonNode root, String field, boolean required) {
        JsonNode array = root.get(field);
        if (array == null && !required) {
            return List.of();
        }
        if (array == null || !array.isArray()) {
            throw invalid("manifest field " + field + " must be an array");
        }
        List<Digest> digests = new ArrayList<>();
        for (JsonNode d : array) {
            digests.add(descriptorDigest(d, field));
        }
        return digests;
    }

    private static Digest descriptorDigest(JsonNode descriptor, String where) {
        if (!descriptor.isObject()
                || text(descriptor, "mediaType") == null
                || !descriptor.path("size").canConvertToLong()
                || descriptor.path("size").asLong() < 0
                || !descriptor.path("size").isIntegralNumber()) {
            throw invalid("invalid descriptor in " + where + ": needs mediaType, digest and size");
        }
        String digest = text(descriptor, "digest");
        try {
            return Digest.parse(digest);
        } catch (RegistryException e) {
            throw invalid("invalid digest in " + where + ": " + digest);
        }
    }

    private static Map<String, String> annotations(JsonNode root) {
        JsonNode node = root.get("annotations");
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static String baseType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static RegistryException invalid(String message) {
        return new RegistryException(ErrorCode.MANIFEST_INVALID, message);
    }
}
