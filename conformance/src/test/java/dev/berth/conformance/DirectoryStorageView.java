package dev.berth.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A directory holding the server's storage directory and nothing else, so that anything written
 * beside the storage (say, through a path that escapes it) shows up too.
 */
public final class DirectoryStorageView implements StorageView {

    private final Path root;

    public DirectoryStorageView(Path root) {
        this.root = root;
    }

    @Override
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.forEach(p -> {
                try {
                    out.put(root.relativize(p).toString(), Files.isDirectory(p) ? -1L : Files.size(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public String toString() {
        return "directory " + root;
    }
}
