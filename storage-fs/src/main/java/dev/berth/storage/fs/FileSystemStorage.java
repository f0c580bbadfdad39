package dev.berth.storage.fs;

import static dev.berth.storage.fs.FileTree.createInDirectory;
import static dev.berth.storage.fs.FileTree.failure;
import static dev.berth.storage.fs.FileTree.info;
import static dev.berth.storage.fs.FileTree.isPath;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.berth.storage.ListPage;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.ObjectNotFoundException;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import dev.berth.storage.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Stores each object as a regular file at its path below a root directory; prefixes are
 * directories, created on demand and removed when their last object goes.
 *
 * <ul>
 *   <li>{@link #put}: write a temporary file in {@code ~tmp}, fsync it, rename it over the
 *       target atomically, fsync the target's directory (and those of new directories, after the
 *       rename: one journal commit covers them all). Readers keep the file they opened, so they
 *       never see a partial object. An empty object where there is none is created in place.
 *       {@link #putUnsynced} is the same without the fsyncs.
 *   <li>{@link #move}: atomic rename, then fsync of the target's directory.
 *   <li>{@link #upload} ({@link FileUpload} is the handle, {@link FileUploads} does its work):
 *       a file at the upload's path below {@code ~uploads}. The writer that begins it writes a file
 *       in {@code ~tmp}, and close() fsyncs it and links it in at the upload's path (fsync of that
 *       directory); later writers append to it, close() fsyncs it and records the committed size
 *       apart ({@link UploadSizes}), abandon() truncates it back to its size at open and fsyncs
 *       it. Bytes of a writer still open, or of one that crashed, do not count, and the next writer
 *       or the completion cuts them off. While bytes stream in, they are written back to disk every
 *       few MiB in the background ({@link EarlyWriteback}), so that close() waits for little.
 *   <li>{@link Upload#complete}: the upload's file dated now, cut to its committed size and
 *       fsynced, atomic rename to the target, fsync of the target's directory, removal of the size
 *       record and of the emptied upload directories (not fsynced: the name went with the rename,
 *       and a crash can leave only empty directories there).
 *   <li>{@link #delete}: unlink, remove the emptied directories, fsync the directory that remains.
 *       {@link #deleteAllUnsynced} is {@link #deleteAll} without that fsync.
 * </ul>
 *
 * <p>Removing an empty directory races with writers creating an object in it; writers therefore
 * create the directories again and retry when their rename or create finds the directory gone.
 *
 * <p>The temporary and uploads folders must be on the same filesystem as every object, for the
 * renames to be atomic: do not mount a subtree of the root elsewhere. Uploads are never removed
 * here as stale, since a client may resume one at any time; whoever starts them ends them. A
 * directory cannot seek to a name, so each page of {@link #list} reads the whole directory,
 * keeping only the page in memory.
 */
public final class FileSystemStorage implements Storage {

    /**
     * Holds temporary files of {@link #put}. {@code ~} cannot occur in a {@link StoragePath}, so no
     * object, listing or walk can ever meet this folder.
     */
    static final String TEMP_DIR = "~tmp";
    /**
     * Holds uploads, each at its own path below this folder. Like {@link #TEMP_DIR} it cannot meet
     * an object path, so uploads never show in listings or walks, and an upload may share its path
     * with an object.
     */
    static final String UPLOADS_DIR = "~uploads";
    /** Older temporary files were left by a crash: a put takes milliseconds. */
    private static final Duration STALE_TEMP_AGE = Duration.ofHours(1);

    private final Path root;
    private final Path temp;
    private final FileTree tree;
    private final Directories directories;
    private final FileUploads uploads;

    /** A store rooted at {@code root}, which is created when missing. */
    public FileSystemStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.temp = this.root.resolve(TEMP_DIR);
        Path uploadsDir = this.root.resolve(UPLOADS_DIR);
        this.tree = new FileTree(this.root);
        this.directories = new Directories(this.root);
        this.uploads = new FileUploads(uploadsDir, temp, tree, directories, new UploadSizes(temp));
        try {
            Files.createDirectories(temp);
            Files.createDirectories(uploadsDir);
            removeTempFiles(STALE_TEMP_AGE);
        } catch (IOException e) {
            throw new StorageException("cannot prepare storage root " + this.root, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(StoragePath path) {
        Path file = file(path);
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            return attrs.isRegularFile() ? Optional.of(info(path, attrs)) : Optional.empty();
        } catch (IOException e) {
            if (tree.missing(e, file)) {
                return Optional.empty();
            }
            throw failure("stat", path, e);
        }
    }

    @Override
    public InputStream read(StoragePath path, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        FileChannel channel = openForReading(path);
        try {
            long size = channel.size();
            if (offset > size) {
                throw new IllegalArgumentException("offset " + offset + " beyond size " + size + " of " + path);
            }
            channel.position(offset);
            return Channels.newInputStream(channel);
        } catch (IOException e) {
            closeAfterFailure(channel, e);
            throw failure("read", path, e);
        } catch (RuntimeException e) {
            closeAfterFailure(channel, e);
            throw e;
        }
    }

    @Override
    public Optional<FileChannel> openChannel(StoragePath path) {
        return Optional.of(openForReading(path));
    }

    @Override
    public void put(StoragePath path, byte[] content) {
        put(path, content, true);
    }

    /** Like {@link #put}, without the two fsyncs: the rename alone keeps readers from a partial object. */
    @Override
    public void putUnsynced(StoragePath path, byte[] content) {
        put(path, content, false);
    }

    private void put(StoragePath path, byte[] content, boolean durable) {
        Path target = file(path);
        if (content.length == 0 && createEmpty(path, target, durable)) {
            return;
        }
        Path tmp = temp.resolve(UUID.randomUUID() + ".put");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, CREATE_NEW, WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                if (durable) {
                    channel.force(true);
                }
            }
            createInDirectory(directories, target, () -> Files.move(tmp, target, ATOMIC_MOVE), durable);
            moved = true;
            if (durable) {
                directories.fsyncNearest(target.getParent());
            }
        } catch (IOException e) {
            throw failure("put", path, e);
        } finally {
            if (!moved) {
                deleteTemp(tmp);
            }
        }
    }

    /**
     * Puts an empty object where there is none by creating the file in place: with no bytes, no
     * reader can see it half-written, so it needs no temporary file. False when a file is there
     * already: replacing it takes the temporary file and the rename.
     */
    private boolean createEmpty(StoragePath path, Path target, boolean durable) {
        try {
            createInDirectory(
                    directories,
                    target,
                    () -> {
                        try (FileChannel channel = FileChannel.open(target, CREATE_NEW, WRITE)) {
                            if (durable) {
                                channel.force(true);
                            }
                        }
                    },
                    durable);
            if (durable) {
                directories.fsyncNearest(target.getParent());
            }
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw failure("put", path, e);
        }
        return true;
    }

    @Override
    public Upload upload(StoragePath path) {
        return new FileUpload(uploads, path, this::file);
    }

    @Override
    public void move(StoragePath source, StoragePath target) {
        Path from = file(source);
        Path to = file(target);
        if (!Files.isRegularFile(from)) {
            throw new ObjectNotFoundException(source);
        }
        try {
            createInDirectory(directories, to, () -> Files.move(from, to, ATOMIC_MOVE));
            directories.fsyncNearest(to.getParent());
            if (!from.equals(to)) {
                directories.fsyncNearest(directories.pruneEmpty(from.getParent()));
            }
        } catch (NoSuchFileException e) {
            if (!Files.exists(from)) {
                throw new ObjectNotFoundException(source);
            }
            throw failure("move", source, e);
        } catch (IOException e) {
            throw failure("move", source, e);
        }
    }

    @Override
    public boolean delete(StoragePath path) {
        return FileTree.deleteFile(file(path), directories, "delete", path);
    }

    @Override
    public void deleteAll(StoragePath prefix) {
        deleteAll(prefix, true);
    }

    @Override
    public void deleteAllUnsynced(StoragePath prefix) {
        deleteAll(prefix, false);
    }

    private void deleteAll(StoragePath prefix, boolean durable) {
        Path start = file(prefix);
        try {
            tree.walk(
                    start, EnumSet.noneOf(FileVisitOption.class), (file, attrs) -> Files.deleteIfExists(file), dir -> {
                        try {
                            Files.deleteIfExists(dir);
                        } catch (DirectoryNotEmptyException raced) {
                            // A concurrent writer just created an object here; the SPI lets it survive.
                        }
                    });
            Path kept = directories.pruneEmpty(start.getParent());
            if (durable) {
                directories.fsyncNearest(kept);
            }
        } catch (IOException e) {
            throw failure("delete", prefix, e);
        }
    }

    @Override
    public ListPage list(StoragePath directory, String startAfter, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        Path dir = file(directory);
        // The limit + 1 smallest names, largest on top: memory follows the page, not the directory.
        PriorityQueue<String> smallest = new PriorityQueue<>(Comparator.reverseOrder());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if ((startAfter == null || name.compareTo(startAfter) > 0) && isPath(name)) {
                    smallest.add(name);
                    if (smallest.size() - 1 > limit) {
                        smallest.poll();
                    }
                }
            }
        } catch (IOException e) {
            if (tree.missing(e, dir)) {
                return new ListPage(List.of(), false);
            }
            throw failure("list", directory, e);
        }
        List<String> names = new ArrayList<>(smallest);
        names.sort(Comparator.naturalOrder());
        boolean truncated = names.size() > limit;
        return new ListPage(truncated ? names.subList(0, limit) : names, truncated);
    }

    @Override
    public void walk(StoragePath prefix, Consumer<ObjectInfo> visitor) {
        Path start = file(prefix);
        // Links are followed, as stat and read do, so an operator may move a subtree elsewhere.
        EnumSet<FileVisitOption> options = EnumSet.of(FileVisitOption.FOLLOW_LINKS);
        try {
            tree.walk(
                    start,
                    options,
                    (file, attrs) -> {
                        if (attrs.isRegularFile()) {
                            tree.storagePath(file).ifPresent(p -> visitor.accept(info(p, attrs)));
                        }
                    },
                    dir -> {});
        } catch (IOException e) {
            throw failure("walk", prefix, e);
        }
    }

    @Override
    public String toString() {
        return "FileSystemStorage[" + root + "]";
    }

    /** The file of the object at {@code path}; never outside the root, whatever the path says. */
    private Path file(StoragePath path) {
        return FileTree.below(root, path);
    }

    private FileChannel openForReading(StoragePath path) {
        Path file = file(path);
        // A directory opens fine on Linux; only a regular file is an object.
        if (!Files.isRegularFile(file)) {
            throw new ObjectNotFoundException(path);
        }
        try {
            return FileChannel.open(file, READ);
        } catch (IOException e) {
            if (tree.missing(e, file)) {
                throw new ObjectNotFoundException(path);
            }
            throw failure("read", path, e);
        }
    }

    /** Removes the temporary files of {@link #put}s that crashed more than {@code olderThan} ago. */
    @Override
    public int purgeLeftovers(Duration olderThan) {
        try {
            return removeTempFiles(olderThan);
        } catch (IOException e) {
            throw new StorageException("cannot remove leftover temporary files in " + temp + ": " + e.getMessage(), e);
        }
    }

    private int removeTempFiles(Duration olderThan) throws IOException {
        Instant cutoff = Instant.now().minus(olderThan);
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(temp)) {
            for (Path f : files) {
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff) && Files.deleteIfExists(f)) {
                        removed++;
                    }
                } catch (NoSuchFileException e) {
                    // Its put finished or failed meanwhile and removed it.
                }
            }
        }
        return removed;
    }

    private static void deleteTemp(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // Only a stray temporary file, removed by purgeLeftovers; the put's own failure matters.
        }
    }

    private static void closeAfterFailure(FileChannel channel, Exception failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
