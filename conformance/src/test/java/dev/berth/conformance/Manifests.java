package dev.berth.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds manifest bodies; the registry must store and return them byte for byte. */
public final class Manifests {

    private Manifests() {}

    public static Builder ociManifest(Descriptor config, List<Descriptor> layers) {
        return new Builder(MediaTypes.OCI_MANIFEST).descriptor("config", config).descriptors("layers", layers);
    }

    public static Builder ociIndex(List<Descriptor> manifests) {
        return new Builder(MediaTypes.OCI_INDEX).platformDescriptors(manifests);
    }

    public static Builder dockerManifest(Descriptor config, List<Descriptor> layers) {
        return new Builder(MediaTypes.DOCKER_MANIFEST)
                .descriptor("config", config)
                .descriptors("layers", layers);
    }

    public static Builder dockerList(List<Descriptor> manifests) {
        return new Builder(MediaTypes.DOCKER_LIST).platformDescriptors(manifests);
    }

    public static ObjectNode node(Descriptor d) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("mediaType", d.mediaType());
        n.put("digest", d.digest());
        n.put("size", d.size());
        return n;
    }

    public static final class Builder {
        private final ObjectNode root = Json.MAPPER.createObjectNode();

        private Builder(String mediaType) {
            root.put("schemaVersion", 2);
            root.put("mediaType", mediaType);
        }

        public Builder descriptor(String field, Descriptor d) {
            root.set(field, node(d));
            return this;
        }

        public Builder descriptors(String field, List<Descriptor> ds) {
            ArrayNode array = root.putArray(field);
            ds.forEach(d -> array.add(node(d)));
            return this;
        }

        private Builder platformDescriptors(List<Descriptor> ds) {
            ArrayNode array = root.putArray("manifests");
            String[] arches = {"amd64", "arm64", "riscv64", "s390x", "ppc64le"};
            for (int i = 0; i < ds.size(); i++) {
                ObjectNode n = node(ds.get(i));
                ObjectNode platform = n.putObject("platform");
                platform.put("architecture", arches[i % arches.length]);
                platform.put("os", "linux");
                array.add(n);
            }
            return this;
        }

        public Builder subject(Descriptor subject) {
            return descriptor("subject", subject);
        }

        public Builder artifactType(String artifactType) {
            root.put("artifactType", artifactType);
            return this;
        }

        public Builder annotation(String key, String value) {
            ObjectNode annotations =
                    root.has("annotations") ? (ObjectNode) root.get("annotations") : root.putObject("annotations");
            annotations.put(key, value);
            return this;
        }

        public Builder put(String field, String value) {
            root.put(field, value);
            return this;
        }

        public Builder put(String field, int value) {
            root.put(field, value);
            return this;
        }

        public Builder remove(String field) {
            root.remove(field);
            return this;
        }

        public byte[] build() {
            try {
                return Json.MAPPER
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(root)
                        .getBytes(StandardCharsets.UTF_8);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
