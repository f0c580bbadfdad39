package dev.berth.registry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
    static final String D1 = "sha256:" + "a".repeat(64);
    static final String D2 = "sha256:" + "b".repeat(64);

    static byte[] image(String mediaType, String extra) {
        return ("{\"schemaVersion\":2," + (mediaType == null ? "" : "\"mediaType\":\"" + mediaType + "\",")
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + D1
                        + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                        + D2 + "\",\"size\":3}]" + extra + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesImageManifestWithBlobsAndSubject() {
        byte[] body = image(
                MediaTypes.OCI_MANIFEST,
                ",\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D2
                        + "\",\"size\":1},\"artifactType\":\"application/x-sig\"");
        Manifest m = ManifestParser.parse(body, null, DigestAlgorithm.SHA256);
        assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(m.blobs()).extracting(Digest::toString).containsExactly(D1, D2);
        assertThat(m.subject()).hasToString(D2);
        assertThat(m.artifactType()).isEqualTo("application/x-sig");
        assertThat(m.digest()).isEqualTo(Digest.of(DigestAlgorithm.SHA256, body));
    }

    @Test
    void setsApartLayersFetchedFromElsewhere() {
        String d3 = "sha256:" + "c".repeat(64);
        String d4 = "sha256:" + "d".repeat(64);
        String d5 = "sha256:" + "e".repeat(64);
        byte[] body = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                        + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + D1
                        + "\",\"size\":2},"
                        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + D2
                        + "\",\"size\":3},{\"mediaType\":\"application/vnd.oci.image.layer.nondistributable.v1.tar+zstd\","
                        + "\"digest\":\"" + d3
                        + "\",\"size\":4},{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                        + "\"digest\":\"" + d4 + "\",\"size\":5,\"urls\":[\"https://example.com/l\"]},{\"mediaType\":"
                        + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + d5
                        + "\",\"size\":6,\"urls\":[]}]}")
                .getBytes(StandardCharsets.UTF_8);

        Manifest m = ManifestParser.parse(body, null, DigestAlgorithm.SHA256);

        assertThat(m.blobs()).extracting(Digest::toString).containsExactly(D1, D2, d5);
        assertThat(m.externalLayers()).extracting(Digest::toString).containsExactly(d3, d4);
    }

    @Test
    void takesMediaTypeFromContentTypeWhenBodyHasNone() {
        Manifest m = ManifestParser.parse(
                image(null, ""), MediaTypes.DOCKER_MANIFEST + "; charset=utf-8", DigestAlgorithm.SHA256);
        assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    }

    @Test
    void parsesIndexChildren() {
        byte[] body = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX
                        + "\",\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D1
                        + "\",\"size\":5}]}")
                .getBytes(StandardCharsets.UTF_8);
        Manifest m = ManifestParser.parse(body, MediaTypes.OCI_INDEX, DigestAlgorithm.SHA512);
        assertThat(m.isIndex()).isTrue();
        assertThat(m.children()).extracting(Digest::toString).containsExactly(D1);
        assertThat(m.digest().algorithm()).isEqualTo(DigestAlgorithm.SHA512);
    }

    @Test
    void refusesSchema1ByTypeOrVersion() {
        assertInvalid("{\"schemaVersion\":1,\"name\":\"x\"}", null);
        assertInvalid("{\"schemaVersion\":2}", MediaTypes.DOCKER_SCHEMA1_SIGNED);
    }

    @Test
    void refusesBadDocuments() {
        assertInvalid("not json", MediaTypes.OCI_MANIFEST);
        assertInvalid("[]", MediaTypes.OCI_MANIFEST);
        assertInvalid("{\"schemaVersion\":2}", null);
        assertInvalid("{\"schemaVersion\":2,\"mediaType\":\"text/plain\"}", null);
        assertInvalid(
                new String(image(MediaTypes.OCI_MANIFEST, ""), StandardCharsets.UTF_8), MediaTypes.DOCKER_MANIFEST);
        assertInvalid("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"layers\":[]}", null);
        assertInvalid(
                new String(image(MediaTypes.OCI_MANIFEST, ""), StandardCharsets.UTF_8).replace(D2, "sha256:zz"), null);
        assertInvalid(
                new String(image(MediaTypes.OCI_MANIFEST, ""), StandardCharsets.UTF_8)
                        .replace("\"size\":3", "\"size\":-3"),
                null);
    }

    private static void assertInvalid(String body, String contentType) {
        assertThatThrownBy(() -> ManifestParser.parse(
                        body.getBytes(StandardCharsets.UTF_8), contentType, DigestAlgorithm.SHA256))
                .isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).code())
                .isEqualTo(ErrorCode.MANIFEST_INVALID);
    }
}
