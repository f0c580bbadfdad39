package dev.berth.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The repository's Dockerfile, built and run as users would, in a private daemon ({@link
 * DockerDaemon}). No public registry is reachable, so both base images are made here from Debian
 * packages ({@link DebianBaseImage}) and passed as build arguments; the Maven stage downloads
 * from Maven Central through the host's network. The container must run as uid 10001, own its
 * {@code /data} volume, turn healthy through the image's own HEALTHCHECK, and take a push and
 * serve the pull back.
 */
class ContainerImageIT {
    private static final String UID = "10001";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration HEALTHY_TIMEOUT = Duration.ofMinutes(3);

    /** What the build stage needs: a JDK and Maven. */
    private static final DebianBaseImage BUILD_BASE =
            new DebianBaseImage("build", List.of("openjdk-17-jdk-headless", "maven"));
    /** What the runtime stage needs: a JRE. */
    private static final DebianBaseImage RUNTIME_BASE =
            new DebianBaseImage("runtime", List.of("openjdk-17-jre-headless"));

    @Test
    void imageBuildsRunsAsNonRootAndServesAPushAndItsPull() throws Exception {
        long started = System.nanoTime();
        try (DockerDaemon docker = DockerDaemon.start()) {
            List<String> timings = new ArrayList<>();
            long t = System.nanoTime();
            // Two debootstraps at once: on a first run they mostly wait for the network and dpkg.
            CompletableFuture<Path> buildBase = tarball(BUILD_BASE);
            Path runtimeBase = RUNTIME_BASE.tarball();
            docker.dockerOk(null, "import", done(buildBase).toString(), "berth-it/debian-build:1");
            docker.dockerOk(null, "import", runtimeBase.toString(), "berth-it/runtime-base:1");
            trustThisMachinesAuthorities(docker, "berth-it/debian-build:1", "berth-it/build-base:1");
            timings.add("base images " + seconds(t));

            t = System.nanoTime();
            String image = "berth-it/berth:" + UUID.randomUUID().toString().substring(0, 8);
            Path repository = repositoryRoot();
            CommandResult build = docker.docker(
                    null,
                    BUILD_TIMEOUT,
                    "build",
                    "--network",
                    "host",
                    "--build-arg",
                    "BUILD_IMAGE=berth-it/build-base:1",
                    "--build-arg",
                    "RUNTIME_IMAGE=berth-it/runtime-base:1",
                    "-t",
                    image,
                    repository.toString());
            if (!build.succeeded()) {
                fail("docker build of the Dockerfile failed\n" + build.describe() + "\n" + docker.daemonLog());
            }
            timings.add("docker build " + seconds(t));
            assertThat(docker.dockerOk(null, "image", "inspect", "--format", "{{.Config.User}}", image)
                            .stdout()
                            .trim())
                    .as("USER of the image")
                    .isEqualTo(UID + ":" + UID);
            assertThat(docker.dockerOk(null, "image", "inspect", "--format", "{{json .Config.Healthcheck.Test}}", image)
                            .stdout())
                    .as("HEALTHCHECK of the image")
                    .contains("berth.jar", "health");

            int port = freePort();
            String container = "berth-it-" + UUID.randomUUID().toString().substring(0, 8);
            String volume = container + "-data";
            try {
                t = System.nanoTime();
                // The daemon has no bridge: the container shares the host's network and listens on loopback.
                docker.dockerOk(
                        null,
                        "run",
                        "-d",
                        "--name",
                        container,
                        "--network",
                        "host",
                        "-e",
                        "BERTH_LISTEN=127.0.0.1:" + port,
                        "-v",
                        volume + ":/data",
                        "--health-interval",
                        "2s",
                        image);
                awaitHealthy(docker, container);
                timings.add("healthy after " + seconds(t));

                assertThat(docker.dockerOk(null, "exec", container, "cat", "/proc/1/status")
                                .stdout())
                        .as("uids of the server process (pid 1)")
                        .containsPattern("(?m)^Uid:\\s+" + UID + "\\s+" + UID + "\\s+" + UID + "\\s+" + UID + "$");
                assertThat(docker.dockerOk(null, "exec", container, "cat", "/proc/1/cmdline")
                                .stdout())
                        .as("pid 1 is the server")
                        .contains("berth.jar", "serve");
                assertThat(docker.dockerOk(null, "exec", container, "stat", "-c", "%n %u:%g", "/data", "/data/registry")
                                .stdout()
                                .trim()
                                .split("\n"))
                        .as("owners of the volume and of the storage in it")
                        .containsExactly("/data " + UID + ":" + UID, "/data/registry " + UID + ":" + UID);
                assertThat(get(port, "/readyz")).as("readiness").isEqualTo(200);

                pushAndPull(docker, port);
                assertThat(docker.dockerOk(null, "exec", container, "find", "/data/registry", "!", "-user", UID)
                                .stdout()
                                .trim())
                        .as("files in storage not owned by the server's user")
                        .isEmpty();
            } finally {
                CommandResult logs = docker.docker(null, Duration.ofSeconds(30), "logs", container);
                System.err.println("---- berth container log ----\n" + logs.stdout() + logs.stderr());
                docker.docker(null, Duration.ofMinutes(1), "rm", "-f", "-v", container);
                docker.docker(null, Duration.ofMinutes(1), "volume", "rm", volume);
                docker.docker(
                        null,
                        Duration.ofMinutes(1),
                        "rmi",
                        image,
                        "berth-it/build-base:1",
                        "berth-it/debian-build:1",
                        "berth-it/runtime-base:1");
            }
            System.err.printf("container image: %s; whole test %s%n", String.join(", ", timings), seconds(started));
        }
    }

    private static CompletableFuture<Path> tarball(DebianBaseImage base) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return base.tarball();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** The future's value, or what it failed with: a skip stays a skip, an assertion an assertion. */
    private static <T> T done(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * The build stage downloads from Maven Central over TLS. Where this machine reaches it through
     * a TLS-inspecting proxy, its Java trust store holds that proxy's authority and a pristine
     * Debian one does not: the build base gets this machine's store (both are Debian's format).
     */
    private static void trustThisMachinesAuthorities(DockerDaemon docker, String from, String tag) throws Exception {
        Path context = Files.createDirectories(docker.work().resolve("trust"));
        Path store = Path.of("/etc/ssl/certs/java/cacerts");
        if (Files.isRegularFile(store)) {
            Files.copy(store, context.resolve("cacerts"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(
                    context.resolve("Dockerfile"), "FROM " + from + "\nCOPY cacerts /etc/ssl/certs/java/cacerts\n");
        } else {
            Files.writeString(context.resolve("Dockerfile"), "FROM " + from + "\n");
        }
        docker.dockerOk(null, "build", "-t", tag, context.toString());
    }

    /** A FROM-scratch image pushed through the container and pulled back whole. */
    private static void pushAndPull(DockerDaemon docker, int port) throws Exception {
        Path context = Files.createDirectories(docker.work().resolve("context"));
        SeededBytes.writeFile(context.resolve("layer.bin"), 9001, 256 * 1024);
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY layer.bin /layer.bin\n");
        String tag = "127.0.0.1:" + port + "/interop/container:1";
        docker.dockerOk(null, "build", "-t", tag, context.toString());
        String id = docker.dockerOk(null, "image", "inspect", "--format", "{{.Id}}", tag)
                .stdout()
                .trim();
        docker.dockerOk(null, "push", tag);
        docker.dockerOk(null, "rmi", tag);
        docker.dockerOk(null, "pull", tag);
        assertThat(docker.dockerOk(null, "image", "inspect", "--format", "{{.Id}}", tag)
                        .stdout()
                        .trim())
                .as("image ID after pulling it back")
                .isEqualTo(id);
        docker.dockerOk(null, "rmi", tag);
    }

    private static void awaitHealthy(DockerDaemon docker, String container) throws Exception {
        long deadline = System.nanoTime() + HEALTHY_TIMEOUT.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = docker.dockerOk(
                            null, "inspect", "--format", "{{.State.Status}} {{.State.Health.Status}}", container)
                    .stdout()
                    .trim();
            if (state.equals("running healthy")) {
                return;
            }
            if (!state.startsWith("running") && !state.startsWith("created")) {
                break;
            }
            Thread.sleep(500);
        }
        CommandResult health =
                docker.docker(null, Duration.ofSeconds(30), "inspect", "--format", "{{json .State.Health}}", container);
        fail("container not healthy (" + state + ")\n" + health.stdout());
    }

    private static int get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** The directory holding the Dockerfile: the conformance module's parent. */
    private static Path repositoryRoot() {
        Path root = Path.of(System.getProperty("basedir", ""))
                .toAbsolutePath()
                .resolve("..")
                .normalize();
        if (!Files.isRegularFile(root.resolve("Dockerfile"))) {
            fail("no Dockerfile in " + root + ": run this test from the conformance module");
        }
        return root;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String seconds(long since) {
        return String.format("%.0f s", (System.nanoTime() - since) / 1e9);
    }
}
