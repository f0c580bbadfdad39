package dev.berth.storage.fs;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The committed size of each upload, in a small file beside the upload's own ({@code <name>~size};
 * {@code ~} never occurs in an upload path, so no upload can be named so). A writer appends to the
 * upload's file directly, so the file may hold more than was committed: bytes of a writer still
 * open, or of one that crashed or stalled. Only the recorded size counts, and the next writer or
 * the completion cuts the rest off. The record is replaced in one rename after the bytes it counts
 * are on disk, so a crash leaves the old record or the new one.
 */
final class UploadSizes {

    private static final String SUFFIX = "~size";

    /** Where temporary files are written before they are renamed into place; same filesystem. */
    private final Path temp;

    UploadSizes(Path temp) {
        this.temp = temp;
    }

    /** The recorded size of the upload whose file is {@code upload}; empty without a record. */
    OptionalLong recorded(Path upload) throws IOException {
        String text;
        try {
            text = Files.readString(record(upload), StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IOException("corrupt upload size record " + record(upload), e);
        }
    }

    /**
     * The committed size of {@code upload}, whose file holds {@code fileSize} bytes. A file without
     * a record (written before records existed) counts whole.
     */
    long committed(Path upload, long fileSize) throws IOException {
        return Math.min(recorded(upload).orElse(fileSize), fileSize);
    }

    /** Records {@code size} as committed, durably; the caller has made those bytes durable. */
    void commit(Path upload, long size) throws IOException {
        Path tmp = temp.resolve(UUID.randomUUID() + SUFFIX);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, CREATE_NEW, WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(Long.toString(size).getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(tmp, record(upload), ATOMIC_MOVE);
            moved = true;
            Directories.fsync(upload.getParent());
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Removes the record; true when there was one. */
    boolean delete(Path upload) throws IOException {
        return Files.deleteIfExists(record(upload));
    }

    private static Path record(Path upload) {
        return upload.resolveSibling(upload.getFileName() + SUFFIX);
    }
}
