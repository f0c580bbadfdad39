package dev.berth.registry.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadCapability;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A YAML file read into Jackson's tree: the tree {@code new ObjectMapper(new YAMLFactory()).readTree}
 * gives, built straight from the parser's tokens. An {@link ObjectMapper} is a costly thing to make
 * (its static state alone sets up date formats and locale data, with some 300 classes), and a
 * configuration file is read once, on the way to the server's first answer. Input with what a
 * configuration does not hold (binary or other embedded values, big decimals, a parser that reports
 * repeated keys) goes through the {@link ObjectMapper} after all, so every tree is that one's.
 */
final class YamlTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlTree() {}

    /**
     * The first document of {@code file}: a {@code MissingNode} when it has none, a {@code NullNode}
     * when it is empty but for a null.
     *
     * @throws IOException when the file cannot be read or is not YAML, as the mapper throws it
     */
    static JsonNode read(File file) throws IOException {
        JsonNode tree;
        try (JsonParser parser = new YAMLFactory().createParser(file)) {
            tree = tree(parser);
        }
        return tree != null ? tree : new ObjectMapper(new YAMLFactory()).readTree(file);
    }

    /** The tree, or null when the mapper must read this input. */
    static JsonNode tree(JsonParser parser) throws IOException {
        if (parser.getReadCapabilities().isEnabled(StreamReadCapability.DUPLICATE_PROPERTIES)) {
            return null;
        }
        JsonToken first = parser.nextToken();
        if (first == null) {
            return NODES.missingNode();
        }
        return switch (first) {
            case START_OBJECT -> containers(parser, NODES.objectNode());
            case START_ARRAY -> containers(parser, NODES.arrayNode());
            default -> scalar(parser, first);
        };
    }

    /** {@code root} and everything inside it, read without recursion as the mapper does. */
    private static JsonNode containers(JsonParser parser, ContainerNode<?> root) throws IOException {
        Deque<ContainerNode<?>> open = new ArrayDeque<>();
        ContainerNode<?> current = root;
        while (current != null) {
            ContainerNode<?> child =
                    current instanceof ObjectNode object ? fields(parser, object) : items(parser, (ArrayNode) current);
            if (child == FALL_BACK) {
                return null;
            }
            if (child != null) {
                open.push(current);
                current = child;
            } else {
                current = open.poll();
            }
        }
        return root;
    }

    /** Marks input that the mapper must read. */
    private static final ObjectNode FALL_BACK = NODES.objectNode();

    /**
     * Reads fields into {@code object} up to its end (then null) or up to a nested container, which
     * it returns, added, for the caller to fill first.
     */
    private static ContainerNode<?> fields(JsonParser parser, ObjectNode object) throws IOException {
        for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            if (valueToken == null) {
                return FALL_BACK;
            }
            JsonNode value =
                    switch (valueToken) {
                        case START_OBJECT -> NODES.objectNode();
                        case START_ARRAY -> NODES.arrayNode();
                        default -> scalar(parser, valueToken);
                    };
            if (value == null) {
                return FALL_BACK;
            }
            // A repeated key keeps its first place and takes its last value.
            object.replace(name, value);
            if (value instanceof ContainerNode<?> container) {
                return container;
            }
        }
        return null;
    }

    /** Like {@link #fields}, for the items of an array. */
    private static ContainerNode<?> items(JsonParser parser, ArrayNode array) throws IOException {
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            if (t == null) {
                return FALL_BACK;
            }
            JsonNode item =
                    switch (t) {
                        case START_OBJECT -> NODES.objectNode();
                        case START_ARRAY -> NODES.arrayNode();
                        default -> scalar(parser, t);
                    };
            if (item == null) {
                return FALL_BACK;
            }
            array.add(item);
            if (item instanceof ContainerNode<?> container) {
                return container;
            }
        }
        return null;
    }

    /** A plain value as the mapper makes it with its default settings, or null for anything rarer. */
    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_NUMBER_INT ->
                switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT ->
                switch (parser.getNumberType()) {
                    case BIG_DECIMAL -> null;
                    case FLOAT -> NODES.numberNode(parser.getFloatValue());
                    default -> NODES.numberNode(parser.getDoubleValue());
                };
            default -> null;
        };
    }
}
