package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three servers in token mode on one S3 bucket, each with a signing key of its own, behind a
 * round-robin TCP balancer that is also their {@code auth.realm}: real clients log in and push
 * through the balancer although the token and the requests using it land on different servers.
 */
class ScaleOutIT {
    private static final int SERVERS = 3;
    private static final Pattern LAYER_LINE = Pattern.compile("(?m)^([0-9a-f]{12}): (.+)$");

    private static BerthAuth auth;
    private static Path keys;
    private static BerthStorage bucket;
    private static RoundRobinBalancer balancer;
    private static final List<BerthProcess> servers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        auth = BerthAuth.token(BerthAuth.ALICE_EVERYWHERE, "alice");
        keys = TempDirs.create("berth-scale-out-keys-");
        bucket = BerthStorage.sharedBucket();
        balancer = new RoundRobinBalancer();
        List<InetSocketAddress> backends = new ArrayList<>();
        for (int i = 0; i < SERVERS; i++) {
            Map<String, String> env = new HashMap<>(auth.environment());
            env.put("BERTH_AUTH_TOKEN_KEY", keys.resolve("server-" + i + ".jwk").toString());
            env.put("BERTH_AUTH_REALM", "http://" + balancer.hostPort());
            BerthProcess server = BerthProcess.startOn(bucket, env);
            servers.add(server);
            backends.add(new InetSocketAddress("127.0.0.1", server.baseUri().getPort()));
        }
        balancer.route(backends);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (BerthProcess server : servers) {
                assertThat(server.output())
                        .as("server log")
                        .doesNotContain("token settings differ")
                        .doesNotContain("cannot publish");
            }
        } finally {
            try {
                for (BerthProcess server : servers) {
                    server.close();
                }
            } finally {
                if (balancer != null) {
                    balancer.close();
                }
                if (bucket != null) {
                    bucket.close();
                }
                if (auth != null) {
                    auth.close();
                }
                if (keys != null) {
                    TempDirs.deleteTree(keys);
                }
            }
        }
    }

    @Test
    void eachServerSignsWithItsOwnKey() throws Exception {
        List<String> keyIds = new ArrayList<>();
        for (BerthProcess server : servers) {
            HttpResponse<byte[]> jwks =
                    send(HttpRequest.newBuilder(server.baseUri().resolve("/.well-known/jwks.json"))
                            .GET()
                            .build());
            keyIds.add(RegistryHttp.json(jwks.body())
                    .path("keys")
                    .get(0)
                    .path("kid")
                    .asText());
        }
        assertThat(keyIds)
                .as("key IDs of the three servers")
                .doesNotHaveDuplicates()
                .hasSize(SERVERS);
    }

    @Test
    void dockerLoginPushMountAndPullThroughTheBalancer() throws Exception {
        try (DockerDaemon docker = DockerDaemon.start()) {
            Path context = Files.createDirectories(docker.work().resolve("context"));
            SeededBytes.writeFile(context.resolve("first.bin"), 9101, 300 * 1024);
            SeededBytes.writeFile(context.resolve("second.bin"), 9102, 420 * 1024);
            Files.writeString(
                    context.resolve("Dockerfile"),
                    "FROM scratch\nCOPY first.bin /data/first.bin\nCOPY second.bin /data/second.bin\n");
            String first = balancer.hostPort() + "/scale/docker:1";
            String second = balancer.hostPort() + "/scale/docker-second:1";
            docker.dockerOk(null, "build", "-t", first, context.toString());
            String id = docker.dockerOk(null, "image", "inspect", "--format", "{{.Id}}", first)
                    .stdout()
                    .trim();

            CommandResult login = docker.dockerOk(
                    auth.password("alice") + "\n", "login", "-u", "alice", "--password-stdin", balancer.hostPort());
            assertThat(login.stdout()).as(login.describe()).contains("Login Succeeded");
            docker.dockerOk(null, "push", first);
            docker.dockerOk(null, "tag", first, second);
            CommandResult again = docker.dockerOk(null, "push", second);
            Map<String, String> outcome = new HashMap<>();
            Matcher m = LAYER_LINE.matcher(again.stdout());
            while (m.find()) {
                outcome.put(m.group(1), m.group(2).trim());
            }
            assertThat(outcome)
                    .as("per-layer outcome of the second push\n%s", again.describe())
                    .hasSize(2);
            assertThat(outcome.values())
                    .as("per-layer outcome of the second push\n%s", again.describe())
                    .allMatch(s -> s.startsWith("Mounted from scale/docker") || s.equals("Layer already exists"));

            docker.dockerOk(null, "rmi", first, second);
            docker.dockerOk(null, "pull", second);
            assertThat(docker.dockerOk(null, "image", "inspect", "--format", "{{.Id}}", second)
                            .stdout()
                            .trim())
                    .as("image ID after pulling it back through the balancer")
                    .isEqualTo(id);
        }
        assertServedByAtLeastTwo("/v2/scale/docker");
    }

    @Test
    void podmanLoginPushToTwoRepositoriesAndPullThroughTheBalancer() throws Exception {
        Tools.podman();
        try (ClientSandbox sandbox = ClientSandbox.create()) {
            Path context = PodmanInteropIT.buildContext(sandbox, 9201);
            String first = balancer.hostPort() + "/scale/podman:1";
            String second = balancer.hostPort() + "/scale/podman-second:1";
            sandbox.podman(
                    "build", "-t", first, "-f", context.resolve("Containerfile").toString(), context.toString());
            String id = sandbox.podman("image", "inspect", "--format", "{{.Id}}", first)
                    .stdout()
                    .trim();
            sandbox.podman(
                    "login", "--tls-verify=false", "-u", "alice", "-p", auth.password("alice"), balancer.hostPort());
            sandbox.podman("push", "--tls-verify=false", first);
            sandbox.podman("tag", first, second);
            sandbox.podman("push", "--tls-verify=false", second);
            sandbox.podman("rmi", first, second);
            sandbox.podman("pull", "--tls-verify=false", second);
            assertThat(sandbox.podman("image", "inspect", "--format", "{{.Id}}", second)
                            .stdout()
                            .trim())
                    .as("image ID after pulling it back through the balancer")
                    .isEqualTo(id);
        }
        assertServedByAtLeastTwo("/v2/scale/podman");
    }

    @Test
    void skopeoLoginAndCopyInAndOutThroughTheBalancer() throws Exception {
        Tools.skopeo();
        try (ClientSandbox sandbox = ClientSandbox.create()) {
            Path layout = sandbox.work().resolve("layout");
            OciLayoutWriter.Image image = OciLayoutWriter.write(layout, "1", 9301, 200 * 1024, 90 * 1024);
            String reference = "docker://" + balancer.hostPort() + "/scale/skopeo:1";
            sandbox.skopeo(
                    "login", "--tls-verify=false", "-u", "alice", "-p", auth.password("alice"), balancer.hostPort());
            sandbox.skopeo("copy", "--dest-tls-verify=false", "oci:" + layout + ":1", reference);
            Path back = sandbox.work().resolve("back");
            sandbox.skopeo("copy", "--src-tls-verify=false", reference, "oci:" + back + ":1");
            for (OciLayoutWriter.Layer layer : image.layers()) {
                Path copied =
                        back.resolve("blobs/sha256").resolve(layer.digest().substring("sha256:".length()));
                assertThat(RegistryHttp.sha256(Files.readAllBytes(copied))).isEqualTo(layer.digest());
            }
        }
        assertServedByAtLeastTwo("/v2/scale/skopeo");
    }

    /** docker login's flow by hand: a refresh token from server 0, exchanged at server 2, used at server 1. */
    @Test
    void aRefreshTokenIssuedByOneServerWorksOnAnother() throws Exception {
        String scope = "repository:scale/refresh:pull,push";
        HttpResponse<byte[]> login = send(HttpRequest.newBuilder(servers.get(0)
                        .baseUri()
                        .resolve("/token?service=berth&offline_token=true&client_id=scale-test&scope=" + encode(scope)))
                .header("Authorization", basic())
                .GET()
                .build());
        assertThat(login.statusCode())
                .as(new String(login.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        String refresh = RegistryHttp.json(login.body()).path("refresh_token").asText();
        assertThat(refresh).isNotEmpty();

        HttpResponse<byte[]> exchanged = send(HttpRequest.newBuilder(
                        servers.get(2).baseUri().resolve("/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&service=berth&client_id=scale-test"
                        + "&scope=" + encode(scope) + "&refresh_token=" + encode(refresh)))
                .build());
        assertThat(exchanged.statusCode())
                .as(new String(exchanged.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        String token = RegistryHttp.json(exchanged.body()).path("access_token").asText();

        byte[] blob = SeededBytes.at(9401, 0, 64 * 1024);
        String digest = RegistryHttp.sha256(blob);
        HttpResponse<byte[]> pushed = send(HttpRequest.newBuilder(
                        servers.get(1).baseUri().resolve("/v2/scale/refresh/blobs/uploads/?digest=" + digest))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(blob))
                .build());
        assertThat(pushed.statusCode())
                .as(new String(pushed.body(), StandardCharsets.UTF_8))
                .isEqualTo(201);
        assertThat(pullFrom(servers.get(0), "scale/refresh", digest, token)).isEqualTo(blob);
    }

    /** Each request on a new connection, so the balancer hands them to the servers in turn. */
    @Test
    void aChunkedUploadWhosePatchesLandOnDifferentServers() throws Exception {
        String token = token("repository:scale/chunked:pull,push");
        URI base = URI.create("http://" + balancer.hostPort());
        byte[] blob = SeededBytes.at(9501, 0, 3 * 1024 * 1024 + 17);
        String digest = RegistryHttp.sha256(blob);
        List<Integer> before = patchCounts("/v2/scale/chunked/");

        HttpResponse<byte[]> started = send(HttpRequest.newBuilder(base.resolve("/v2/scale/chunked/blobs/uploads/"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        int chunk = 1024 * 1024;
        for (int offset = 0; offset < blob.length; offset += chunk) {
            int end = Math.min(blob.length, offset + chunk);
            HttpResponse<byte[]> patched = send(HttpRequest.newBuilder(base.resolve(location))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", offset + "-" + (end - 1))
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(blob, offset, end)))
                    .build());
            assertThat(patched.statusCode())
                    .as(new String(patched.body(), StandardCharsets.UTF_8))
                    .isEqualTo(202);
            location = patched.headers().firstValue("Location").orElseThrow();
        }
        String separator = location.contains("?") ? "&" : "?";
        HttpResponse<byte[]> finished =
                send(HttpRequest.newBuilder(base.resolve(location + separator + "digest=" + digest))
                        .header("Authorization", "Bearer " + token)
                        .PUT(HttpRequest.BodyPublishers.noBody())
                        .build());
        assertThat(finished.statusCode())
                .as(new String(finished.body(), StandardCharsets.UTF_8))
                .isEqualTo(201);

        List<Integer> after = patchCounts("/v2/scale/chunked/");
        long serversWithPatches = IntStream.range(0, SERVERS)
                .filter(i -> after.get(i) > before.get(i))
                .count();
        assertThat(serversWithPatches)
                .as("servers that took a PATCH of the upload (before %s, after %s)", before, after)
                .isGreaterThanOrEqualTo(2);
        for (BerthProcess server : servers) {
            assertThat(pullFrom(server, "scale/chunked", digest, token))
                    .as("blob from %s", server.hostPort())
                    .isEqualTo(blob);
        }
    }

    private static List<Integer> patchCounts(String pathPrefix) throws Exception {
        List<Integer> counts = new ArrayList<>();
        for (BerthProcess server : servers) {
            counts.add((int) server.accessLog().stream()
                    .filter(e -> e.method().equals("PATCH") && e.path().startsWith(pathPrefix) && e.status() == 202)
                    .count());
        }
        return counts;
    }

    /** At least two servers answered authenticated requests under {@code pathPrefix} with a 2xx. */
    private static void assertServedByAtLeastTwo(String pathPrefix) throws Exception {
        List<Integer> served = new ArrayList<>();
        for (BerthProcess server : servers) {
            served.add((int) server.accessLog().stream()
                    .filter(e -> e.path().startsWith(pathPrefix) && e.status() >= 200 && e.status() < 300)
                    .count());
        }
        assertThat(served.stream().filter(n -> n > 0).count())
                .as("servers that answered requests under %s with 2xx: %s", pathPrefix, served)
                .isGreaterThanOrEqualTo(2);
        System.err.printf("scale-out: 2xx answers under %s per server: %s%n", pathPrefix, served);
    }

    private static String token(String scope) throws Exception {
        HttpResponse<byte[]> r = send(
                HttpRequest.newBuilder(servers.get(0).baseUri().resolve("/token?service=berth&scope=" + encode(scope)))
                        .header("Authorization", basic())
                        .GET()
                        .build());
        assertThat(r.statusCode()).isEqualTo(200);
        return RegistryHttp.json(r.body()).path("token").asText();
    }

    private static byte[] pullFrom(BerthProcess server, String repository, String digest, String token)
            throws Exception {
        HttpResponse<byte[]> r =
                send(HttpRequest.newBuilder(server.baseUri().resolve("/v2/" + repository + "/blobs/" + digest))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build());
        assertThat(r.statusCode()).as("GET blob from %s", server.hostPort()).isEqualTo(200);
        return r.body();
    }

    private static String basic() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(("alice:" + auth.password("alice")).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** One request on a connection of its own. */
    private static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return client.send(
                HttpRequest.newBuilder(request, (name, value) -> true)
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
