package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pushing an image a second time, to another repository of the same registry, must not move its
 * layers again: the client learns from its first push where they are and mounts them (or finds
 * them with HEAD). The proof is the server's access log: the second repository's upload endpoints
 * receive fewer body bytes than the smallest layer (a small config may still be uploaded).
 *
 * <p>Both pushes run in one client sandbox, one after the other: what a client knows comes from
 * its blob-info cache, and a client's very first push of a layer always uploads it.
 */
class SecondPushIT {

    /** Layers at least this large make "fewer bytes than a layer" impossible to meet by accident. */
    private static final long LARGE_LAYER = 256 * 1024;

    private static BerthProcess berth;
    private static RegistryHttp registry;

    @BeforeAll
    static void start() throws Exception {
        berth = BerthProcess.start();
        registry = new RegistryHttp(berth.baseUri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (berth != null) {
            berth.close();
        }
    }

    @Test
    void podmanPushToASecondRepositorySendsNoLayerBytes() throws Exception {
        Tools.podman();
        try (ClientSandbox sandbox = ClientSandbox.create()) {
            Path context = PodmanInteropIT.buildContext(sandbox, 4001);
            String image = "localhost/interop-second-push:1";
            sandbox.podman(
                    "build", "-t", image, "-f", context.resolve("Containerfile").toString(), context.toString());
            sandbox.podman(
                    "push", "--tls-verify=false", image, "docker://" + berth.hostPort() + "/interop/podman-first:1");
            sandbox.podman(
                    "push", "--tls-verify=false", image, "docker://" + berth.hostPort() + "/interop/podman-second:1");

            assertSecondPushMovedNoLayers("podman push", "interop/podman-first", "interop/podman-second");
        }
    }

    @Test
    void skopeoCopyFromRepositoryToRepositorySendsNoLayerBytes() throws Exception {
        Tools.skopeo();
        try (ClientSandbox sandbox = ClientSandbox.create()) {
            Path layout = sandbox.work().resolve("layout");
            OciLayoutWriter.write(layout, "1", 5001, 300 * 1024, 420 * 1024);
            String origin = "docker://" + berth.hostPort() + "/interop/skopeo-origin:1";
            sandbox.skopeo("copy", "--dest-tls-verify=false", "oci:" + layout + ":1", origin);
            sandbox.skopeo(
                    "copy",
                    "--src-tls-verify=false",
                    "--dest-tls-verify=false",
                    origin,
                    "docker://" + berth.hostPort() + "/interop/skopeo-copy:1");

            assertSecondPushMovedNoLayers(
                    "skopeo copy registry to registry", "interop/skopeo-origin", "interop/skopeo-copy");
        }
    }

    private static void assertSecondPushMovedNoLayers(String how, String first, String second) throws Exception {
        JsonNode firstManifest = RegistryHttp.json(registry.manifest(first, "1"));
        JsonNode secondManifest = RegistryHttp.json(registry.manifest(second, "1"));
        List<String> layers = PodmanInteropIT.digests(secondManifest.path("layers"));
        assertThat(layers)
                .as("layers of %s:1 and %s:1", second, first)
                .isEqualTo(PodmanInteropIT.digests(firstManifest.path("layers")));
        long smallestLayer = Long.MAX_VALUE;
        long allLayers = 0;
        for (JsonNode layer : secondManifest.path("layers")) {
            smallestLayer = Math.min(smallestLayer, layer.path("size").asLong());
            allLayers += layer.path("size").asLong();
        }
        assertThat(smallestLayer)
                .as("smallest layer (test data must be large enough to tell apart)")
                .isGreaterThanOrEqualTo(LARGE_LAYER);

        List<AccessLogEntry> log = berth.accessLog();
        String firstRequests = requestsTo(log, first);
        String secondRequests = requestsTo(log, second);
        // Without this the check below could pass because the log attributes bytes to nothing at all.
        assertThat(uploadedBytes(log, first))
                .as("body bytes uploaded to %s by the first push:\n%s", first, firstRequests)
                .isGreaterThanOrEqualTo(allLayers);
        assertThat(uploadedBytes(log, second))
                .as(
                        "body bytes uploaded to %s by the second push (%s); smallest layer is %d bytes:\n%s",
                        second, how, smallestLayer, secondRequests)
                .isLessThan(smallestLayer);
        for (String layer : layers) {
            assertThat(registry.head("/v2/" + second + "/blobs/" + layer).statusCode())
                    .as("HEAD /v2/%s/blobs/%s", second, layer)
                    .isEqualTo(200);
        }

        long mounts = log.stream()
                .filter(e -> e.isUploadTo(second) && e.method().equals("POST") && e.status() == 201)
                .count();
        List<String> alreadyThere = new ArrayList<>();
        for (String layer : layers) {
            String path = "/v2/" + second + "/blobs/" + layer;
            if (log.stream().anyMatch(e -> e.method().equals("HEAD") && e.path().equals(path) && e.status() == 200)) {
                alreadyThere.add(layer);
            }
        }
        System.err.printf(
                "%s: second push of %d layers to %s: %d mounted (POST ...?mount= -> 201), "
                        + "%d found by HEAD, %d body bytes to its upload endpoints%n",
                how, layers.size(), second, mounts, alreadyThere.size(), uploadedBytes(log, second));
    }

    private static long uploadedBytes(List<AccessLogEntry> log, String repository) {
        return log.stream()
                .filter(e -> e.isUploadTo(repository))
                .mapToLong(AccessLogEntry::in)
                .sum();
    }

    private static String requestsTo(List<AccessLogEntry> log, String repository) {
        return log.stream()
                .filter(e -> e.path().startsWith("/v2/" + repository + "/"))
                .map(e -> "  " + e)
                .collect(Collectors.joining("\n"));
    }
}
