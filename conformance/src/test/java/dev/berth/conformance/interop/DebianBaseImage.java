package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A base image made without any registry: a minimal Debian root filesystem that {@code debootstrap}
 * builds from the Debian mirror this machine's apt uses, with the packages a stage needs, packed
 * as a tarball for {@code docker import}.
 *
 * <p>Tarballs are cached in {@code $XDG_CACHE_HOME/berth-test-bases} (else
 * {@code ~/.cache/berth-test-bases}), keyed by release, mirror and package list, so only the first
 * run on a machine pays for the download (minutes); {@code mvn clean} keeps them. A file lock lets
 * concurrent test runs share one build.
 */
record DebianBaseImage(String name, List<String> packages) {
    private static final Duration DEBOOTSTRAP_TIMEOUT = Duration.ofMinutes(40);

    /** The tarball of this image's root filesystem, built now unless the cache has it. */
    Path tarball() throws IOException, InterruptedException {
        String release = release();
        String mirror = mirror(release);
        Path cache = Files.createDirectories(cacheDir());
        String key = name + "-" + release + "-" + sha256(release + "\n" + mirror + "\n" + String.join(",", packages));
        Path tarball = cache.resolve(key + ".tar.gz");
        try (FileChannel lockFile = FileChannel.open(
                        cache.resolve(key + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            if (Files.isRegularFile(tarball)) {
                return tarball;
            }
            Path debootstrap = Tools.require("debootstrap");
            System.err.printf(
                    "building base image %s: debootstrap %s from %s with %s (once per machine; " + "cached in %s)%n",
                    name, release, mirror, packages, cache);
            Path work = Files.createTempDirectory(cache, "build-");
            try {
                Path root = work.resolve("root");
                run(
                        work.resolve("debootstrap.log"),
                        DEBOOTSTRAP_TIMEOUT,
                        debootstrap.toString(),
                        "--variant=minbase",
                        "--include=" + String.join(",", packages),
                        release,
                        root.toString(),
                        mirror);
                Path partial = work.resolve("rootfs.tar.gz");
                // Package caches and documentation only make the image bigger.
                run(
                        work.resolve("tar.log"),
                        Duration.ofMinutes(10),
                        "bash",
                        "-c",
                        "set -o pipefail; rm -rf \"$1\"/var/cache/apt/archives/*.deb \"$1\"/var/lib/apt/lists/* "
                                + "\"$1\"/usr/share/doc \"$1\"/usr/share/man && "
                                + "tar --numeric-owner -C \"$1\" -c . | gzip -1 > \"$2\"",
                        "-",
                        root.toString(),
                        partial.toString());
                Files.move(partial, tarball, StandardCopyOption.ATOMIC_MOVE);
                return tarball;
            } finally {
                removeRoot(work);
            }
        }
    }

    static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("berth-test-bases");
    }

    /** This machine's Debian release (its codename), which its configured mirror serves. */
    private static String release() throws IOException {
        Path osRelease = Path.of("/etc/os-release");
        if (Files.isReadable(osRelease)) {
            Matcher m = Pattern.compile("(?m)^VERSION_CODENAME=\"?([a-z]+)\"?$").matcher(Files.readString(osRelease));
            if (m.find()) {
                return m.group(1);
            }
        }
        return fail("no VERSION_CODENAME in /etc/os-release: base images are built from a Debian mirror, "
                + "and this machine does not say which Debian release it runs");
    }

    /**
     * The mirror apt uses for {@code release} itself (not -security or -updates): from deb822
     * {@code /etc/apt/sources.list.d/*.sources} files or one-line {@code sources.list} entries.
     */
    static String mirror(String release) throws IOException {
        List<Path> files = new ArrayList<>();
        Path dir = Path.of("/etc/apt/sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> listing = Files.list(dir)) {
                listing.filter(p -> p.toString().endsWith(".sources")
                                || p.toString().endsWith(".list"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        files.add(0, Path.of("/etc/apt/sources.list"));
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                continue;
            }
            Optional<String> found = mirrorIn(Files.readString(file, StandardCharsets.UTF_8), release);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return fail("no apt source for Debian " + release + " in /etc/apt/sources.list(.d): debootstrap needs a "
                + "Debian mirror");
    }

    static Optional<String> mirrorIn(String text, String release) {
        Matcher line = Pattern.compile("(?m)^\\s*deb\\s+(?:\\[[^]]*]\\s+)?(\\S+)\\s+(\\S+)\\s")
                .matcher(text);
        while (line.find()) {
            if (line.group(2).equals(release)) {
                return Optional.of(line.group(1));
            }
        }
        for (String stanza : text.split("\\n\\s*\\n")) {
            String types = field(stanza, "Types");
            String uris = field(stanza, "URIs");
            String suites = field(stanza, "Suites");
            String enabled = field(stanza, "Enabled");
            if (types != null
                    && List.of(types.split("\\s+")).contains("deb")
                    && uris != null
                    && suites != null
                    && List.of(suites.split("\\s+")).contains(release)
                    && !"no".equalsIgnoreCase(enabled)) {
                return Optional.of(uris.split("\\s+")[0]);
            }
        }
        return Optional.empty();
    }

    private static String field(String stanza, String name) {
        Matcher m = Pattern.compile("(?mi)^" + name + ":\\s*(.+)$").matcher(stanza);
        return m.find() ? m.group(1).trim() : null;
    }

    private static void run(Path log, Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        p.getOutputStream().close();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (!done || p.exitValue() != 0) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            fail(String.join(" ", command) + (done ? " exited with " + p.exitValue() : " timed out") + "\n"
                    + (output.length() > 6000 ? "[...]" + output.substring(output.length() - 6000) : output));
        }
    }

    /**
     * Removes the build directory. debootstrap mounts /proc and /sys (and may bind /dev) inside the
     * root while it works and can leave them behind when it fails: those are detached first, and
     * the removal never crosses into another file system.
     */
    private static void removeRoot(Path work) throws IOException, InterruptedException {
        Path mountInfo = Path.of("/proc/self/mountinfo");
        if (Files.isReadable(mountInfo)) {
            String prefix = work.toRealPath() + "/";
            List<String> mounted = Files.readAllLines(mountInfo).stream()
                    .map(l -> l.split(" "))
                    .filter(f -> f.length > 4 && f[4].startsWith(prefix))
                    .map(f -> f[4].replace("\\040", " "))
                    .distinct()
                    .sorted((a, b) -> b.length() - a.length())
                    .toList();
            for (String point : mounted) {
                new ProcessBuilder("umount", "-l", point).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
            }
        }
        Process rm = new ProcessBuilder("rm", "-rf", "--one-file-system", work.toString())
                .inheritIO()
                .start();
        if (!rm.waitFor(5, TimeUnit.MINUTES) || rm.exitValue() != 0) {
            System.err.println("WARNING: could not remove " + work + " completely");
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
