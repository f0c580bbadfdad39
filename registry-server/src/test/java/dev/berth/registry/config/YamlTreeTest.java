package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlTreeTest {
    @TempDir
    Path dir;

    /** Files as configurations are written, and odd ones: each must read as the mapper reads it. */
    static final List<String> FILES = List.of(
            "",
            "# only a comment\n",
            "~\n",
            "null\n",
            "just text\n",
            "42\n",
            "- a\n- b\n",
            "listen: 127.0.0.1:5000\nstorage: /data\nlog:\n  access: false\n  format: json\n",
            "uploads:\n  purge-age: 2h\n  purge-interval: 10m\ngc:\n  interval: 0\n  keep: [\"prod/**\", base/*]\n",
            "auth:\n  mode: token\n  token:\n    expiry: 5m\n  throttle:\n    failures: 10\n",
            "storage:\n",
            "a: ~\nb: null\nc:\n",
            "int: 7\nlong: 5000000000\nbig: 123456789012345678901234567890\nneg: -3\noctal: 0o17\nhex: 0x1F\n",
            "float: 1.5\nexp: 1e3\nexp2: 2.5E-3\ninf: .inf\nninf: -.inf\nnan: .nan\nzero: 0.0\n",
            "yes: yes\nno: no\non: on\noff: off\nt: true\nf: False\n",
            "quoted: \"5\"\nsingle: '007'\ntagged: !!str 12\nfolded: >\n  two\n  lines\nliteral: |\n  keep\n  lines\n",
            "dup: 1\nother: 2\ndup: 3\n",
            "nested:\n  dup: {a: 1}\n  dup: [1, 2]\n",
            "base: &b\n  x: 1\n  y: [1, 2]\nref: *b\nmerged:\n  <<: *b\n  y: 3\n",
            "flow: {a: [1, {b: [2, {c: 3}]}], d: []}\nempty: {}\n",
            "repositories:\n  lifecycle:\n    - repositories: [\"team/*\"]\n      policy: |\n        rules: []\n"
                    + "    - repositories: [a]\n      policy-file: /p.yml\n",
            "notifications:\n  endpoints:\n    - name: hook\n      url: http://h/\n      headers: {X-A: [\"1\"]}\n",
            "list: [[1, 2], [], [[3]]]\nafter: end\n",
            "1: one\n2.5: two\ntrue: three\n",
            "bin: !!binary aGVsbG8=\n",
            "first: 1\n---\nsecond: 2\n",
            "unicode: \"caf\\u00e9 \\U0001F600\"\n",
            // not YAML, or not one the mapper accepts: the same error
            "key: [unclosed\n",
            "a: b: c\n",
            "  - x\n y: 1\n",
            "key: \"unterminated\n",
            "*undefined\n",
            "a:\n\tb: 1\n");

    @Test
    void readsEveryFileAsTheMapperDoes() throws Exception {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        for (int i = 0; i < FILES.size(); i++) {
            File file = Files.writeString(dir.resolve(i + ".yml"), FILES.get(i)).toFile();
            JsonNode expected = null;
            Throwable expectedError = null;
            try {
                expected = mapper.readTree(file);
            } catch (Exception e) {
                expectedError = e;
            }
            JsonNode actual = null;
            Throwable actualError = null;
            try {
                actual = YamlTree.read(file);
            } catch (Exception e) {
                actualError = e;
            }
            String what = "file " + i + ":\n" + FILES.get(i);
            if (expectedError != null) {
                assertThat(actualError).as(what).isNotNull().hasSameClassAs(expectedError);
                assertThat(actualError.getMessage()).as(what).isEqualTo(expectedError.getMessage());
            } else {
                assertThat(actualError).as(what).isNull();
                assertThat(actual).as(what).isEqualTo(expected);
                assertThat(actual.toString()).as(what).isEqualTo(expected.toString());
                assertSameTypes(actual, expected, what);
            }
        }
    }

    @Test
    void buildsTheTreeItselfForEverythingButRareValues() throws Exception {
        for (String text : List.of(FILES.get(7), FILES.get(8), FILES.get(12), FILES.get(18), FILES.get(20))) {
            try (var parser = new YAMLFactory().createParser(text)) {
                assertThat(YamlTree.tree(parser)).as(text).isNotNull();
            }
        }
        try (var parser = new YAMLFactory().createParser("bin: !!binary aGVsbG8=\n")) {
            assertThat(YamlTree.tree(parser)).isNull();
        }
    }

    /** Node for node the same classes: equal values of other types (an int and a long) do not count. */
    private static void assertSameTypes(JsonNode actual, JsonNode expected, String what) {
        assertThat(actual.getClass()).as(what).isEqualTo(expected.getClass());
        assertThat(actual.size()).as(what).isEqualTo(expected.size());
        if (expected.isObject()) {
            assertThat(iterable(actual.fieldNames()))
                    .as(what)
                    .containsExactlyElementsOf(iterable(expected.fieldNames()));
            expected.fieldNames().forEachRemaining(name -> assertSameTypes(actual.get(name), expected.get(name), what));
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                assertSameTypes(actual.get(i), expected.get(i), what);
            }
        }
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
