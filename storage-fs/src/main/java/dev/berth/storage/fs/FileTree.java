package dev.berth.storage.fs;

import dev.berth.storage.ObjectInfo;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The file-level steps that objects and uploads share: mapping a path to a file that cannot leave
 * its folder, telling "no such object" from a failure, creating a file in a directory that a pruner
 * may remove, deleting a file with its emptied directories, and walking a subtree.
 */
final class FileTree {
    /** Each retry follows a concurrent removal of an empty directory; more means something is off. */
    private static final int ATTEMPTS = 10;

    private final Path root;

    /** @param root the store's root, normalised */
    FileTree(Path root) {
        this.root = root;
    }

    /** The file at {@code path} below {@code base}; never outside it, whatever the path says. */
    static Path below(Path base, StoragePath path) {
        Path file = base.resolve(path.value()).normalize();
        if (!file.startsWith(base) || file.equals(base)) {
            throw new StorageException("path escapes the storage root: " + path);
        }
        return file;
    }

    /** The storage path of a file below the root, empty when its name is none (a hidden folder's). */
    Optional<StoragePath> storagePath(Path file) {
        StringJoiner joined = new StringJoiner("/");
        root.relativize(file).forEach(name -> joined.add(name.toString()));
        return isPath(joined.toString()) ? Optional.of(new StoragePath(joined.toString())) : Optional.empty();
    }

    /**
     * Whether {@code e} only says there is no such object: the file is missing, or a path segment
     * above it is an object rather than a directory (which Linux reports without a specific type).
     */
    boolean missing(IOException e, Path file) {
        if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
            return true;
        }
        for (Path a = file.getParent(); a != null && !a.equals(root); a = a.getParent()) {
            if (Files.isRegularFile(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code create}, which makes {@code file}, in a directory that a pruner may remove, and
     * then makes the directories it had to create durable (the caller makes {@code file}'s own
     * entry durable). Fsynced after the file is made, not before: one journal commit then covers
     * the new directories and the file alike.
     */
    static void createInDirectory(Directories directories, Path file, IoAction create) throws IOException {
        createInDirectory(directories, file, create, true);
    }

    /** {@link #createInDirectory(Directories, Path, IoAction)}; new directories left unsynced unless {@code durable}. */
    static void createInDirectory(Directories directories, Path file, IoAction create, boolean durable)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                List<Path> changed = directories.create(file.getParent());
                create.run();
                if (durable) {
                    for (Path dir : changed) {
                        Directories.fsync(dir);
                    }
                }
                return;
            } catch (NoSuchFileException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Deletes one file, then its emptied directories within {@code tree}, durably. */
    static boolean deleteFile(Path file, Directories tree, String what, StoragePath path) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            Files.delete(file);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw failure(what, path, e);
        }
        try {
            tree.fsyncNearest(tree.pruneEmpty(file.getParent()));
        } catch (IOException e) {
            throw failure(what, path, e);
        }
        return true;
    }

    /**
     * Visits every file below {@code start} and then each directory once its entries are done,
     * passing over what vanishes meanwhile (a concurrent delete) rather than failing.
     */
    void walk(Path start, Set<FileVisitOption> options, FileAction onFile, IoPathAction afterDirectory)
            throws IOException {
        Files.walkFileTree(start, options, Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                onFile.visit(file, attrs);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (missing(e, file)) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !missing(e, dir)) {
                    throw e;
                }
                afterDirectory.run(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static boolean isPath(String value) {
        try {
            new StoragePath(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static ObjectInfo info(StoragePath path, BasicFileAttributes attrs) {
        return new ObjectInfo(path, attrs.size(), attrs.lastModifiedTime().toInstant());
    }

    static StorageException failure(String action, StoragePath path, IOException e) {
        return new StorageException("cannot " + action + " " + path + ": " + e.getMessage(), e);
    }

    /** An I/O step that the caller may have to repeat. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    /** What a walk does with each file. */
    @FunctionalInterface
    interface FileAction {
        void visit(Path file, BasicFileAttributes attrs) throws IOException;
    }

    /** What a walk does with each directory once its entries are done. */
    @FunctionalInterface
    interface IoPathAction {
        void run(Path dir) throws IOException;
    }
}
