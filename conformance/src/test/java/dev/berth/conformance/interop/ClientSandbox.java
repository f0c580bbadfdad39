package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private world for skopeo and podman: image storage, run state, auth file, registries.conf,
 * containers.conf, signature policy, temporary files, HOME and XDG directories, all in one temporary
 * directory that {@link #close()} removes.
 *
 * <p>The blob-info cache needs more. It remembers which registry repository holds which blob, and
 * it decides whether a client mounts a layer or uploads it. As root, containers/image keeps it in
 * {@code /var/lib/containers/cache} whatever {@code --root} or the XDG variables say, so every
 * command here runs in a private mount namespace ({@code unshare}) with the sandbox's own directory
 * bind-mounted over that path. Without root the cache follows {@code XDG_DATA_HOME}, which is ours.
 * Where {@code unshare} is not allowed the cache is shared, and a warning says so.
 */
public final class ClientSandbox implements AutoCloseable {

    /** Long enough for a slow CI machine to build and push a few MiB; short enough to end a hung client. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    private static final String SYSTEM_BLOB_INFO_CACHE = "/var/lib/containers/cache";
    private static final Object ISOLATION_LOCK = new Object();
    private static Boolean mountNamespaces;

    private final Path root;
    private final Path work;
    private final Path logs;
    private final Path blobInfoCache;
    private final Map<String, String> environment;
    private int commands;
    private boolean podmanUsed;

    private ClientSandbox(Path root) throws IOException {
        this.root = root;
        this.work = dir("work");
        this.logs = dir("logs");
        this.blobInfoCache = dir("blob-info-cache");
        Path home = dir("home");
        Path tmp = dir("tmp");
        dir("storage");
        dir("run");
        write("auth.json", "{\"auths\":{}}\n");
        // Only fully qualified references are used, so no search registries, mirrors or aliases.
        write("registries.conf", "unqualified-search-registries = []\n");
        write("containers.conf", "");
        write("policy.json", "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}\n");
        write(
                "storage.conf",
                "[storage]\ndriver = \"vfs\"\n"
                        + "graphroot = \"" + root.resolve("storage") + "\"\n"
                        + "runroot = \"" + root.resolve("run") + "\"\n");
        environment = Map.ofEntries(
                Map.entry("HOME", home.toString()),
                Map.entry(
                        "XDG_CONFIG_HOME",
                        Files.createDirectories(home.resolve(".config")).toString()),
                Map.entry(
                        "XDG_CACHE_HOME",
                        Files.createDirectories(home.resolve(".cache")).toString()),
                Map.entry(
                        "XDG_DATA_HOME",
                        Files.createDirectories(home.resolve(".local/share")).toString()),
                Map.entry("XDG_RUNTIME_DIR", dir("xdg-runtime").toString()),
                Map.entry("TMPDIR", tmp.toString()),
                Map.entry("REGISTRY_AUTH_FILE", root.resolve("auth.json").toString()),
                Map.entry(
                        "CONTAINERS_REGISTRIES_CONF",
                        root.resolve("registries.conf").toString()),
                Map.entry("CONTAINERS_CONF", root.resolve("containers.conf").toString()),
                Map.entry(
                        "CONTAINERS_STORAGE_CONF", root.resolve("storage.conf").toString()));
    }

    public static ClientSandbox create() throws IOException {
        Path root = TempDirs.create("berth-interop-client-");
        try {
            return new ClientSandbox(root);
        } catch (IOException | RuntimeException e) {
            TempDirs.deleteTree(root);
            throw e;
        }
    }

    /** A scratch directory of this sandbox for the test's own files (build contexts, OCI layouts). */
    public Path work() {
        return work;
    }

    /** Runs podman with this sandbox's storage; fails the test unless it exits 0. */
    public CommandResult podman(String... args) throws IOException, InterruptedException {
        return check(podmanCommand(DEFAULT_TIMEOUT, args));
    }

    /** Runs podman with this sandbox's storage and returns however it ended. */
    public CommandResult podmanAllowingFailure(String... args) throws IOException, InterruptedException {
        return podmanCommand(DEFAULT_TIMEOUT, args);
    }

    /** Runs skopeo with this sandbox's policy and temporary directory; fails the test unless it exits 0. */
    public CommandResult skopeo(String... args) throws IOException, InterruptedException {
        return check(skopeoAllowingFailure(args));
    }

    /** Runs skopeo with this sandbox's policy and temporary directory and returns however it ended. */
    public CommandResult skopeoAllowingFailure(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Tools.skopeo().toString(),
                "--policy",
                root.resolve("policy.json").toString(),
                "--registries.d",
                dir("registries.d").toString(),
                "--tmpdir",
                root.resolve("tmp").toString()));
        command.addAll(List.of(args));
        return run(DEFAULT_TIMEOUT, command);
    }

    private CommandResult podmanCommand(Duration timeout, String... args) throws IOException, InterruptedException {
        podmanUsed = true;
        List<String> command = new ArrayList<>(List.of(
                Tools.podman().toString(),
                "--root",
                root.resolve("storage").toString(),
                "--runroot",
                root.resolve("run").toString(),
                "--storage-driver",
                "vfs",
                "--tmpdir",
                dir("libpod-tmp").toString(),
                "--volumepath",
                dir("volumes").toString(),
                "--network-config-dir",
                dir("networks").toString(),
                "--cgroup-manager",
                "cgroupfs",
                "--events-backend",
                "none"));
        command.addAll(List.of(args));
        return run(timeout, command);
    }

    private static CommandResult check(CommandResult result) {
        if (!result.succeeded()) {
            fail("client command failed\n" + result.describe());
        }
        return result;
    }

    /**
     * Runs a command in this sandbox's environment (in its own mount namespace where that isolates
     * the blob-info cache), kills it and its children after the timeout, and captures its output.
     */
    public CommandResult run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        int n = ++commands;
        Path out = logs.resolve(n + ".stdout");
        Path err = logs.resolve(n + ".stderr");
        List<String> argv = new ArrayList<>();
        if (useMountNamespace()) {
            argv.addAll(isolatingWrapper(blobInfoCache));
        }
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(work.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        // Settings a developer's shell may carry would point the clients back at shared state.
        env.keySet()
                .removeIf(name -> name.startsWith("CONTAINERS_")
                        || name.startsWith("CONTAINER_")
                        || name.startsWith("DOCKER_")
                        || name.startsWith("BUILDAH_")
                        || name.startsWith("STORAGE_")
                        || name.startsWith("PODMAN_")
                        || name.startsWith("REGISTRY_"));
        env.putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        CommandResult result = new CommandResult(
                command,
                finished ? process.exitValue() : -1,
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - started));
        if (!finished) {
            fail("client command timed out after " + timeout.toSeconds() + " s and was killed\n" + result.describe());
        }
        return result;
    }

    /**
     * {@code unshare} gives the command a private mount namespace in which the sandbox's cache
     * directory hides the system one; the bind mount dies with the namespace, so nothing is left
     * mounted on the host. The directory is created first because a fresh machine may lack it.
     */
    private static List<String> isolatingWrapper(Path cache) {
        return List.of(
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "--",
                "/bin/sh",
                "-c",
                "mkdir -p " + SYSTEM_BLOB_INFO_CACHE + " && mount --bind \"$0\" " + SYSTEM_BLOB_INFO_CACHE
                        + " && exec \"$@\"",
                cache.toString());
    }

    private boolean useMountNamespace() throws IOException, InterruptedException {
        synchronized (ISOLATION_LOCK) {
            if (mountNamespaces == null) {
                mountNamespaces = probeMountNamespaces();
            }
            return mountNamespaces;
        }
    }

    private boolean probeMountNamespaces() throws IOException, InterruptedException {
        if (!isRoot()) {
            return false;
        }
        if (Tools.onPath("unshare").isEmpty()) {
            warnSharedCache("unshare is not on the PATH");
            return false;
        }
        List<String> argv = new ArrayList<>(isolatingWrapper(blobInfoCache));
        argv.add("true");
        Path log = logs.resolve("unshare-probe.log");
        Process probe = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!probe.waitFor(30, TimeUnit.SECONDS)) {
            probe.destroyForcibly();
            warnSharedCache("unshare did not finish within 30 s");
            return false;
        }
        if (probe.exitValue() != 0) {
            warnSharedCache("unshare --mount failed: "
                    + Files.readString(log, StandardCharsets.UTF_8).trim());
            return false;
        }
        return true;
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void warnSharedCache(String why) {
        System.err.println("WARNING: " + why + "; running as root, skopeo and podman will share the blob-info cache in "
                + SYSTEM_BLOB_INFO_CACHE + ", so one test's pushes may change whether another's client mounts.");
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(root.resolve(name), content, StandardCharsets.UTF_8);
    }

    /**
     * Lets podman remove its own storage first ({@code system reset} knows about anything it
     * mounted), then deletes the whole directory.
     */
    @Override
    public void close() {
        try {
            if (podmanUsed) {
                CommandResult reset = podmanCommand(Duration.ofMinutes(1), "system", "reset", "--force");
                if (!reset.succeeded()) {
                    System.err.println(
                            "WARNING: podman system reset failed; deleting the files anyway\n" + reset.describe());
                }
            }
            unmountLeftovers();
        } catch (IOException e) {
            System.err.println("WARNING: cleaning up " + root + " before deleting it failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            TempDirs.deleteTree(root);
        }
    }

    /** Anything still mounted below the sandbox (there should be nothing) is detached before deletion. */
    private void unmountLeftovers() throws IOException, InterruptedException {
        Path mountInfo = Path.of("/proc/self/mountinfo");
        if (!Files.isReadable(mountInfo)) {
            return;
        }
        String prefix = root.toString() + "/";
        List<String> mounted = Files.readAllLines(mountInfo).stream()
                .map(line -> line.split(" "))
                .filter(fields -> fields.length > 4)
                .map(fields -> fields[4].replace("\\040", " "))
                .filter(point -> point.startsWith(prefix))
                .sorted((a, b) -> b.length() - a.length())
                .toList();
        for (String point : mounted) {
            System.err.println("WARNING: " + point + " was still mounted after the test; unmounting it");
            Process umount =
                    new ProcessBuilder("umount", "-l", point).inheritIO().start();
            umount.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
