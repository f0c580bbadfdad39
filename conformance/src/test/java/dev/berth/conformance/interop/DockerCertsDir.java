package dev.berth.conformance.interop;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The authority dockerd trusts for one registry: {@code /etc/docker/certs.d/<host:port>/ca.crt}.
 * dockerd (as root) reads that directory and no other (its {@code --config-file}, {@code
 * DOCKER_CERT_PATH} and the client's config do not apply to registries), at each connection, so no
 * restart is needed. {@link #close()} removes the registry's directory and any parent this created,
 * when empty, leaving everything else in {@code /etc/docker} alone.
 */
final class DockerCertsDir implements AutoCloseable {
    static final Path CERTS_D = Path.of("/etc/docker/certs.d");

    private final Path hostDir;
    /** Directories this created, deepest first. */
    private final List<Path> created;

    private DockerCertsDir(Path hostDir, List<Path> created) {
        this.hostDir = hostDir;
        this.created = created;
    }

    /** Writes {@code caPem} as the {@code ca.crt} of registry {@code hostPort}. */
    static DockerCertsDir install(String hostPort, String caPem) throws IOException {
        Path hostDir = CERTS_D.resolve(hostPort);
        if (Files.exists(hostDir)) {
            throw new IllegalStateException(hostDir + " exists already: another test, or a leftover? Not touching it");
        }
        List<Path> created = new ArrayList<>();
        for (Path dir = hostDir; dir != null && !Files.exists(dir); dir = dir.getParent()) {
            created.add(dir);
        }
        Files.createDirectories(hostDir);
        DockerCertsDir certs = new DockerCertsDir(hostDir, created);
        try {
            Files.writeString(hostDir.resolve("ca.crt"), caPem);
            return certs;
        } catch (IOException | RuntimeException e) {
            certs.close();
            throw e;
        }
    }

    Path hostDir() {
        return hostDir;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(hostDir.resolve("ca.crt"));
            for (Path dir : created) {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException inUse) {
                    return; // something else lives there now
                }
            }
        } catch (IOException e) {
            System.err.println("WARNING: could not remove " + hostDir + ": " + e);
        }
    }
}
