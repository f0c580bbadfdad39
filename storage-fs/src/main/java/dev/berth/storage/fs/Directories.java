package dev.berth.storage.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories below a base (the store's root, or its uploads folder), which exist only to hold
 * files: created on demand with every new name made durable, and removed as soon as they are empty
 * so that prefixes vanish like on S3. The base itself is never removed.
 */
final class Directories {

    private final Path base;

    Directories(Path base) {
        this.base = base;
    }

    /**
     * Creates {@code dir} and its missing ancestors, and returns the directories whose entries
     * changed (each parent that gained one, and the parent of a directory found just made by
     * another writer, which may not have made it durable yet), deepest first. The caller fsyncs
     * them before its object inside counts as durable: otherwise a crash could lose a directory
     * together with the durable objects inside it. Throws {@link NoSuchFileException} when a
     * concurrent {@link #pruneEmpty} removed an ancestor meanwhile; the caller tries again.
     */
    List<Path> create(Path dir) throws IOException {
        if (dir.equals(base) || Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> changed = new ArrayList<>();
        create(dir, changed);
        return changed;
    }

    private void create(Path dir, List<Path> changed) throws IOException {
        if (dir.equals(base) || Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        create(parent, changed);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(dir)) {
                changed.add(0, parent);
                return;
            }
            if (Files.notExists(dir)) {
                // A concurrent pruneEmpty removed it between the two calls: the caller tries again.
                throw new NoSuchFileException(dir.toString());
            }
            throw e;
        }
        changed.add(0, parent);
    }

    /**
     * Removes {@code dir} and then each ancestor below the base while they are empty, and returns
     * the directory that remains. Removal only ever succeeds on an empty directory, so a concurrent
     * writer loses nothing: at worst its rename fails with {@link NoSuchFileException} and it
     * creates the directories again.
     */
    Path pruneEmpty(Path dir) throws IOException {
        Path d = dir;
        while (!d.equals(base)) {
            if (Files.isSymbolicLink(d)) {
                // An operator's link to a subtree elsewhere: removing it would detach everything in it.
                return d;
            }
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException e) {
                return d;
            } catch (NoSuchFileException e) {
                // Another pruner was faster; its parent may be empty now too.
            }
            d = d.getParent();
        }
        return base;
    }

    /**
     * Makes the entries of {@code dir} durable, or of its nearest ancestor when a concurrent
     * {@link #pruneEmpty} has removed it: that removal only happened after our change, and is itself
     * recorded in the ancestor.
     */
    void fsyncNearest(Path dir) throws IOException {
        for (Path d = dir; ; d = d.getParent()) {
            try {
                fsync(d);
                return;
            } catch (NoSuchFileException e) {
                if (d.equals(base)) {
                    throw e;
                }
            }
        }
    }

    /** Makes the entries of {@code dir} (names created, renamed or removed) durable. */
    static void fsync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
