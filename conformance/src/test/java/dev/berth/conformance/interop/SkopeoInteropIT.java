package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** skopeo copies a hand-written OCI layout into Berth and back out; every byte must survive. */
class SkopeoInteropIT {

    private static BerthProcess berth;

    @BeforeAll
    static void start() throws Exception {
        berth = BerthProcess.start();
    }

    /** Per test rather than per class, so that a missing client counts as skipped tests in the reports. */
    @BeforeEach
    void requireClient() {
        Tools.skopeo();
    }

    @AfterAll
    static void stop() throws Exception {
        if (berth != null) {
            berth.close();
        }
    }

    @Test
    void ociLayoutRoundTripsThroughBerthByteForByte() throws Exception {
        try (ClientSandbox sandbox = ClientSandbox.create()) {
            Path source = sandbox.work().resolve("source");
            OciLayoutWriter.Image image = OciLayoutWriter.write(source, "v1", 1001, 300 * 1024, 520 * 1024, 40 * 1024);
            String reference = "docker://" + berth.hostPort() + "/interop/skopeo:v1";

            sandbox.skopeo("copy", "--dest-tls-verify=false", "oci:" + source + ":v1", reference);
            Path copy = sandbox.work().resolve("copy");
            sandbox.skopeo("copy", "--src-tls-verify=false", reference, "oci:" + copy + ":v1");

            assertThat(blobNames(copy))
                    .as("blobs in the layout copied back out of Berth")
                    .containsExactlyInAnyOrderElementsOf(blobNames(source));
            for (String name : blobNames(source)) {
                Path original = source.resolve("blobs/sha256").resolve(name);
                Path returned = copy.resolve("blobs/sha256").resolve(name);
                assertThat(Files.mismatch(original, returned))
                        .as("first differing byte of blob sha256:%s", name)
                        .isEqualTo(-1L);
                assertThat(RegistryHttp.sha256(Files.readAllBytes(returned))).isEqualTo("sha256:" + name);
            }
            assertThat(RegistryHttp.json(Files.readAllBytes(copy.resolve("index.json")))
                            .path("manifests")
                            .path(0)
                            .path("digest")
                            .asText())
                    .as("manifest digest in the copied layout's index.json")
                    .isEqualTo(image.manifestDigest());

            CommandResult raw = sandbox.skopeo("inspect", "--tls-verify=false", "--raw", reference);
            assertThat(raw.stdout())
                    .as("skopeo inspect --raw")
                    .isEqualTo(new String(image.manifest(), StandardCharsets.UTF_8));

            HttpResponse<byte[]> pulled = new RegistryHttp(berth.baseUri())
                    .get("/v2/interop/skopeo/manifests/v1", RegistryHttp.MANIFEST_ACCEPT);
            assertThat(pulled.statusCode()).isEqualTo(200);
            assertThat(pulled.body()).isEqualTo(image.manifest());
            assertThat(pulled.headers().firstValue("Docker-Content-Digest")).hasValue(image.manifestDigest());
            assertThat(pulled.headers().firstValue("Content-Type")).hasValue(OciLayoutWriter.MANIFEST_TYPE);
        }
    }

    private static List<String> blobNames(Path layout) throws IOException {
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
