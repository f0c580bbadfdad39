package dev.berth.storage.fs;

import static dev.berth.storage.fs.FileTree.createInDirectory;
import static dev.berth.storage.fs.FileTree.failure;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.ObjectNotFoundException;
import dev.berth.storage.StoragePath;
import dev.berth.storage.UploadConflictException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The upload half of {@link FileSystemStorage}: each upload is a file at its path below
 * {@code ~uploads}, appended to by {@link FileAppendWriter}, with its committed size recorded apart
 * ({@link UploadSizes}); completing it renames the file to the object's path.
 */
final class FileUploads {
    private final Path uploads;
    private final Path temp;
    private final FileTree tree;
    private final Directories objectDirectories;
    private final Directories uploadDirectories;
    private final UploadSizes uploadSizes;

    FileUploads(Path uploads, Path temp, FileTree tree, Directories objectDirectories, UploadSizes uploadSizes) {
        this.uploads = uploads;
        this.temp = temp;
        this.tree = tree;
        this.objectDirectories = objectDirectories;
        this.uploadDirectories = new Directories(uploads);
        this.uploadSizes = uploadSizes;
    }

    AppendWriter open(StoragePath path) {
        Path file = file(path);
        try {
            FileChannel channel;
            try {
                channel = FileChannel.open(file, WRITE, APPEND);
            } catch (NoSuchFileException e) {
                return freshWriter(path, file);
            }
            return existingWriter(path, channel, file);
        } catch (IOException e) {
            throw failure("open upload", path, e);
        }
    }

    /**
     * A writer on an open channel, after cutting off bytes that were never committed; the channel
     * is closed again if the writer cannot be made.
     */
    private AppendWriter existingWriter(StoragePath path, FileChannel channel, Path file) throws IOException {
        try {
            long fileSize = channel.size();
            OptionalLong recorded = uploadSizes.recorded(file);
            long committed = Math.min(recorded.orElse(fileSize), fileSize);
            if (committed < fileSize) {
                channel.truncate(committed);
            }
            return FileAppendWriter.existing(path, channel, file, uploadSizes, recorded.isPresent());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * A writer for an upload that is not there yet. Its bytes go to a file of its own in the
     * temporary folder, which close() makes durable and then links in at the upload's path (no
     * size record needed: every byte of it is committed), unless another writer made the upload
     * meanwhile: then it keeps nothing ({@link UploadConflictException}). Nobody sees the upload
     * half-written, and an upload that no writer closed does not exist.
     */
    private AppendWriter freshWriter(StoragePath path, Path file) throws IOException {
        Path staged = temp.resolve(UUID.randomUUID() + ".upload");
        FileChannel channel = FileChannel.open(staged, CREATE_NEW, WRITE);
        try {
            return FileAppendWriter.fresh(path, channel, new FileAppendWriter.Ending() {
                @Override
                public void commit(long sizeAtOpen, long size) throws IOException {
                    try {
                        createInDirectory(uploadDirectories, file, () -> Files.createLink(file, staged));
                    } catch (FileAlreadyExistsException e) {
                        throw new UploadConflictException(path, "another writer began this upload meanwhile");
                    } finally {
                        Files.deleteIfExists(staged);
                    }
                    Directories.fsync(file.getParent());
                }

                @Override
                public void drop(FileChannel channel, long sizeAtOpen) throws IOException {
                    Files.deleteIfExists(staged);
                }
            });
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(staged);
            throw e;
        }
    }

    OptionalLong size(StoragePath path) {
        Path file = file(path);
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(uploadSizes.committed(file, attrs.size()));
        } catch (IOException e) {
            if (tree.missing(e, file)) {
                return OptionalLong.empty();
            }
            throw failure("stat upload", path, e);
        }
    }

    /** @param to the object's file */
    void complete(StoragePath path, Path to) {
        Path from = file(path);
        if (!Files.isRegularFile(from)) {
            throw new ObjectNotFoundException(path);
        }
        try {
            // The object is stored now, as on S3: its age must not be the age of the upload's last
            // chunk. Set before the fsync below, which makes it durable with the data.
            Files.setLastModifiedTime(from, FileTime.from(Instant.now()));
            // Writers fsync on close, but one may have failed to; the rename must not outrun the data.
            // Bytes past the committed size (a writer that crashed or was abandoned) are no part of it.
            try (FileChannel channel = FileChannel.open(from, WRITE)) {
                long committed = uploadSizes.committed(from, channel.size());
                if (committed < channel.size()) {
                    channel.truncate(committed);
                }
                channel.force(true);
            }
            createInDirectory(objectDirectories, to, () -> Files.move(from, to, ATOMIC_MOVE));
            objectDirectories.fsyncNearest(to.getParent());
            // A record left by a crash here belongs to no upload; abort removes it.
            uploadSizes.delete(from);
            // Not fsynced: the rename took the upload's name away in the transaction that the fsync
            // above committed, so what a crash may leave of these removals is empty folders, which
            // hold no upload.
            uploadDirectories.pruneEmpty(from.getParent());
        } catch (NoSuchFileException e) {
            if (!Files.exists(from)) {
                throw new ObjectNotFoundException(path);
            }
            throw failure("complete upload", path, e);
        } catch (IOException e) {
            throw failure("complete upload", path, e);
        }
    }

    boolean abort(StoragePath path) {
        Path file = file(path);
        boolean existed = FileTree.deleteFile(file, uploadDirectories, "abort upload", path);
        try {
            if (uploadSizes.delete(file)) {
                uploadDirectories.fsyncNearest(uploadDirectories.pruneEmpty(file.getParent()));
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // No folder, so no record either.
        } catch (IOException e) {
            throw failure("abort upload", path, e);
        }
        return existed;
    }

    /** The file of the upload at {@code path}; never outside the uploads folder. */
    private Path file(StoragePath path) {
        return FileTree.below(uploads, path);
    }
}
