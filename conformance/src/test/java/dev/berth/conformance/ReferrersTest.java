package dev.berth.conformance;

import static dev.berth.conformance.Check.error;
import static dev.berth.conformance.Check.header;
import static dev.berth.conformance.Check.status;
import static dev.berth.conformance.ManifestPullTest.assertContentType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /v2/name/referrers/digest (distribution-spec 1.1). */
class ReferrersTest extends RegistryTest {

    static final String SIGNATURE = "application/vnd.example.signature.v1";
    static final String SBOM_CONFIG = "application/vnd.example.sbom.config.v1+json";
    static final String BUNDLE = "application/vnd.example.bundle.v1";

    private Image subject;

    @BeforeEach
    void pushSubject() {
        subject = registry.pushImage(repo, "subject");
    }

    @Test
    void listsEveryReferrerWithItsDescriptorArtifactTypeAndAnnotations() {
        Referrer signature = pushSignature(registry, repo, subject.descriptor());
        Referrer sbom = pushSbomWithoutArtifactType(registry, repo, subject.descriptor());
        Referrer bundle = pushIndexReferrer(registry, repo, subject);

        Response list = registry.get("/v2/" + repo + "/referrers/" + subject.digest());

        status(list, 200);
        assertContentType(list, MediaTypes.OCI_INDEX);
        JsonNode index = list.json();
        assertThat(index.path("schemaVersion").asInt())
                .as("schemaVersion in\n%s", list)
                .isEqualTo(2);
        assertThat(index.path("mediaType").asText())
                .as("mediaType in\n%s", list)
                .isEqualTo(MediaTypes.OCI_INDEX);
        Map<String, JsonNode> byDigest = descriptorsByDigest(index);
        assertThat(byDigest.keySet())
                .as("referrers in\n%s", list)
                .containsExactlyInAnyOrder(signature.digest(), sbom.digest(), bundle.digest());
        signature.assertListedAs(byDigest.get(signature.digest()), SIGNATURE, list);
        sbom.assertListedAs(byDigest.get(sbom.digest()), SBOM_CONFIG, list);
        bundle.assertListedAs(byDigest.get(bundle.digest()), BUNDLE, list);
    }

    @Test
    void pushingAReferrerAcknowledgesTheSubject() {
        Referrer signature = pushSignature(registry, repo, subject.descriptor());

        header(signature.put(), "OCI-Subject", subject.digest());
    }

    @Test
    void artifactTypeFilterReturnsOnlyMatchingReferrersAndSaysSo() {
        Referrer signature = pushSignature(registry, repo, subject.descriptor());
        pushSbomWithoutArtifactType(registry, repo, subject.descriptor());
        pushIndexReferrer(registry, repo, subject);

        Response list = registry.get("/v2/" + repo + "/referrers/" + subject.digest() + "?artifactType=" + SIGNATURE);

        status(list, 200);
        header(list, "OCI-Filters-Applied", "artifactType");
        Map<String, JsonNode> byDigest = descriptorsByDigest(list.json());
        assertThat(byDigest.keySet()).as("filtered referrers in\n%s", list).containsExactly(signature.digest());
    }

    @Test
    void noReferrersIsAnEmptyIndex() {
        Response list = registry.get("/v2/" + repo + "/referrers/" + subject.digest());

        status(list, 200);
        assertContentType(list, MediaTypes.OCI_INDEX);
        JsonNode index = list.json();
        assertThat(index.path("mediaType").asText())
                .as("mediaType in\n%s", list)
                .isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(index.path("manifests").isArray())
                .as("manifests array in\n%s", list)
                .isTrue();
        assertThat(index.path("manifests")).as("manifests in\n%s", list).isEmpty();
    }

    @Test
    void unknownSubjectHasNoReferrers() {
        Response list = registry.get("/v2/" + repo + "/referrers/" + Digests.sha256(Data.random(50)));

        status(list, 200);
        assertThat(list.json().path("manifests")).as("manifests in\n%s", list).isEmpty();
    }

    @Test
    void referrerPushedBeforeItsSubjectIsListed() {
        byte[] later = Manifests.ociManifest(subject.config(), subject.layers())
                .annotation("dev.berth.conformance", Data.token(12))
                .build();
        Descriptor laterSubject = new Descriptor(MediaTypes.OCI_MANIFEST, Digests.sha256(later), later.length);
        Referrer signature = pushSignature(registry, repo, laterSubject);
        registry.pushManifest(repo, "later", MediaTypes.OCI_MANIFEST, later);

        Response list = status(registry.get("/v2/" + repo + "/referrers/" + laterSubject.digest()), 200);

        assertThat(descriptorsByDigest(list.json()).keySet())
                .as("referrers in\n%s", list)
                .containsExactly(signature.digest());
    }

    @Test
    void referrersAreScopedToTheirRepository() {
        String other = Repos.unique("other");
        registry.pushImage(other, "unrelated");
        pushSignature(registry, other, subject.descriptor());

        Response list = status(registry.get("/v2/" + repo + "/referrers/" + subject.digest()), 200);

        assertThat(list.json().path("manifests")).as("manifests in\n%s", list).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:xyz", "sha256:0123", "nonsense"})
    void invalidDigestIsRefused(String digest) {
        error(registry.get("/v2/" + repo + "/referrers/" + digest), 400, "DIGEST_INVALID");
    }

    /** A manifest pushed with a subject, remembered so a referrers listing can be checked against it. */
    record Referrer(String digest, int size, String mediaType, Map<String, String> annotations, Response put) {

        void assertListedAs(JsonNode descriptor, String artifactType, Response list) {
            assertThat(descriptor.path("mediaType").asText())
                    .as("mediaType of %s in\n%s", digest, list)
                    .isEqualTo(mediaType);
            assertThat(descriptor.path("size").asLong())
                    .as("size of %s in\n%s", digest, list)
                    .isEqualTo(size);
            assertThat(descriptor.path("artifactType").asText())
                    .as("artifactType of %s in\n%s", digest, list)
                    .isEqualTo(artifactType);
            Map<String, String> listed = new HashMap<>();
            descriptor
                    .path("annotations")
                    .properties()
                    .forEach(e -> listed.put(e.getKey(), e.getValue().asText()));
            assertThat(listed).as("annotations of %s in\n%s", digest, list).containsAllEntriesOf(annotations);
        }
    }

    /** An artifact with an explicit artifactType and an empty config, as signing tools push. */
    static Referrer pushSignature(RegistryClient registry, String repo, Descriptor subject) {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        Descriptor config = new Descriptor(MediaTypes.OCI_EMPTY, registry.pushBlob(repo, empty), empty.length);
        byte[] payload = Data.random(256);
        Descriptor layer = new Descriptor(
                "application/vnd.example.signature.payload", registry.pushBlob(repo, payload), payload.length);
        Map<String, String> annotations = Map.of(
                "org.opencontainers.image.created",
                "2026-01-01T00:00:00Z",
                "dev.berth.conformance.signer",
                Data.token(10));
        Manifests.Builder b = Manifests.ociManifest(config, List.of(layer))
                .artifactType(SIGNATURE)
                .subject(subject);
        annotations.forEach(b::annotation);
        return push(registry, repo, MediaTypes.OCI_MANIFEST, b.build(), annotations);
    }

    /** An artifact without artifactType: the listing must report its config's media type instead. */
    static Referrer pushSbomWithoutArtifactType(RegistryClient registry, String repo, Descriptor subject) {
        byte[] configBytes = ("{\"sbom\":\"" + Data.token(10) + "\"}").getBytes(StandardCharsets.UTF_8);
        Descriptor config = new Descriptor(SBOM_CONFIG, registry.pushBlob(repo, configBytes), configBytes.length);
        byte[] payload = Data.random(512);
        Descriptor layer = new Descriptor("application/spdx+json", registry.pushBlob(repo, payload), payload.length);
        Map<String, String> annotations = Map.of("dev.berth.conformance.sbom", Data.token(10));
        Manifests.Builder b = Manifests.ociManifest(config, List.of(layer)).subject(subject);
        annotations.forEach(b::annotation);
        return push(registry, repo, MediaTypes.OCI_MANIFEST, b.build(), annotations);
    }

    /** An image index that refers to the subject and bundles one (untagged) image. */
    static Referrer pushIndexReferrer(RegistryClient registry, String repo, Image subject) {
        Image member = registry.pushImage(repo, null);
        Map<String, String> annotations = Map.of("dev.berth.conformance.bundle", Data.token(10));
        Manifests.Builder b = Manifests.ociIndex(List.of(member.descriptor()))
                .artifactType(BUNDLE)
                .subject(subject.descriptor());
        annotations.forEach(b::annotation);
        return push(registry, repo, MediaTypes.OCI_INDEX, b.build(), annotations);
    }

    private static Referrer push(
            RegistryClient registry, String repo, String mediaType, byte[] manifest, Map<String, String> annotations) {
        String digest = Digests.sha256(manifest);
        Response put = Check.created(registry.putManifest(repo, digest, mediaType, manifest));
        return new Referrer(digest, manifest.length, mediaType, annotations, put);
    }

    static Map<String, JsonNode> descriptorsByDigest(JsonNode index) {
        Map<String, JsonNode> out = new HashMap<>();
        index.path("manifests").forEach(d -> out.put(d.path("digest").asText(), d));
        return out;
    }
}
