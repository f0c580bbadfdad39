package dev.berth.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageContract;
import dev.berth.storage.StorageException;
import dev.berth.storage.UploadConflictException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemStorageTest extends StorageContract {

    @TempDir
    Path parent;

    private Path root() {
        return parent.resolve("root");
    }

    @Override
    protected Storage newStorage() {
        return new FileSystemStorage(root());
    }

    @Test
    void constructorCreatesAMissingRoot() {
        assertTrue(Files.isDirectory(root()));
    }

    @Test
    void objectsAreFilesAtTheirPathBelowTheRoot() throws IOException {
        put("blobs/sha256/ab/ab12", "content");
        assertEquals("content", Files.readString(root().resolve("blobs/sha256/ab/ab12")));
    }

    @Test
    void tempFolderHoldsNothingAfterPutsAndIsNeverWalked() throws IOException {
        for (int i = 0; i < 5; i++) {
            put("t/object" + i, "x");
        }
        try (Stream<Path> temp = Files.list(root().resolve(FileSystemStorage.TEMP_DIR))) {
            assertEquals(0, temp.count());
        }
        Files.writeString(root().resolve(FileSystemStorage.TEMP_DIR).resolve("leftover"), "x");
        List<ObjectInfo> seen = new ArrayList<>();
        storage.walk(p("t"), seen::add);
        assertEquals(5, seen.size());
    }

    @Test
    void staleTempFilesAreRemovedAtStartButFreshOnesKept() throws IOException {
        Path temp = root().resolve(FileSystemStorage.TEMP_DIR);
        Path stale = Files.writeString(temp.resolve("stale.put"), "x");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        Path fresh = Files.writeString(temp.resolve("fresh.put"), "x");
        new FileSystemStorage(root()).close();
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh));
    }

    @Test
    void purgeLeftoversRemovesTempFilesOlderThanTheAgeAndKeepsYoungerOnes() throws IOException {
        Path temp = root().resolve(FileSystemStorage.TEMP_DIR);
        Path crashed = Files.writeString(temp.resolve("crashed.put"), "x");
        Files.setLastModifiedTime(crashed, FileTime.from(Instant.now().minus(Duration.ofMinutes(20))));
        Path inProgress = Files.writeString(temp.resolve("in-progress.put"), "x");
        Files.setLastModifiedTime(inProgress, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        storage.purgeLeftovers(Duration.ofMinutes(10));
        assertFalse(Files.exists(crashed));
        assertTrue(Files.exists(inProgress));
    }

    @Test
    void bytesOfAWriterThatCrashedBeforeClosingAreNotCountedAfterARestart() {
        upload("u/data", "kept");
        AppendWriter crashed = storage.upload(p("u/data")).writer();
        crashed.write(ByteBuffer.wrap(bytes("-never-committed")));
        Storage restarted = new FileSystemStorage(root());
        assertEquals(OptionalLong.of(4), restarted.upload(p("u/data")).size());
        try (AppendWriter writer = restarted.upload(p("u/data")).writer()) {
            assertEquals(4, writer.size());
            writer.write(ByteBuffer.wrap(bytes("+next")));
        }
        assertEquals(OptionalLong.of(9), restarted.upload(p("u/data")).size());
        restarted.upload(p("u/data")).complete(p("u/object"));
        assertEquals("kept+next", readAll("u/object"));
    }

    @Test
    void nothingIsWrittenOutsideTheRoot() throws IOException {
        put("a/b/object", "x");
        storage.move(p("a/b/object"), p("c/object"));
        upload("u/data", "y");
        storage.upload(p("u/data")).complete(p("u/object"));
        upload("v/data", "z");
        storage.upload(p("v/data")).cancel();
        storage.deleteAll(p("u"));
        try (Stream<Path> siblings = Files.list(parent)) {
            assertEquals(List.of(root()), siblings.toList());
        }
    }

    @Test
    void uploadsAreFilesInTheUploadsFolderAndNeverListedOrWalked() throws IOException {
        put("uploads/abc/startedat", "1");
        upload("uploads/abc/data", "bytes");
        Path file = root().resolve(FileSystemStorage.UPLOADS_DIR).resolve("uploads/abc/data");
        assertEquals("bytes", Files.readString(file));
        assertEquals(List.of("abc"), names("uploads"));
        assertEquals(List.of("startedat"), names("uploads/abc"));
        List<ObjectInfo> seen = new ArrayList<>();
        storage.walk(p("uploads"), seen::add);
        assertEquals(1, seen.size());
        assertTrue(storage.stat(p("uploads/abc/data")).isEmpty());
    }

    @Test
    void endedUploadsLeaveNoDirectoriesBehind() throws IOException {
        upload("uploads/one/data", "x");
        upload("uploads/two/data", "y");
        storage.upload(p("uploads/one/data")).complete(p("blobs/one"));
        assertTrue(storage.upload(p("uploads/two/data")).cancel());
        try (Stream<Path> left = Files.list(root().resolve(FileSystemStorage.UPLOADS_DIR))) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void abandonTruncatesTheFileBackToItsSizeAtOpen() throws IOException {
        upload("u/data", "kept");
        AppendWriter writer = storage.upload(p("u/data")).writer();
        writer.write(ByteBuffer.wrap(bytes("-dropped")));
        Path file = root().resolve(FileSystemStorage.UPLOADS_DIR).resolve("u/data");
        assertEquals(12, Files.size(file));
        writer.abandon();
        assertEquals("kept", Files.readString(file));
    }

    @Test
    void aNewUploadIsWrittenApartAndAppearsWholeWhenItsWriterCloses() throws IOException {
        Path file = root().resolve(FileSystemStorage.UPLOADS_DIR).resolve("u/data");
        AppendWriter writer = storage.upload(p("u/data")).writer();
        writer.write(ByteBuffer.wrap(bytes("whole")));
        assertFalse(Files.exists(file));
        assertEquals(OptionalLong.empty(), storage.upload(p("u/data")).size());
        writer.close();
        assertEquals("whole", Files.readString(file));
        assertEquals(OptionalLong.of(5), storage.upload(p("u/data")).size());
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void aNewUploadThatAnotherWriterBeganMeanwhileKeepsNothing() throws IOException {
        Storage other = new FileSystemStorage(root());
        AppendWriter first = storage.upload(p("u/data")).writer();
        AppendWriter second = other.upload(p("u/data")).writer();
        first.write(ByteBuffer.wrap(bytes("first")));
        second.write(ByteBuffer.wrap(bytes("second")));
        first.close();
        assertThrows(UploadConflictException.class, second::close);
        assertEquals("first", complete("u/data", "u/object"));
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void abandoningANewUploadLeavesNoFile() throws IOException {
        AppendWriter writer = storage.upload(p("u/data")).writer();
        writer.write(ByteBuffer.wrap(bytes("dropped")));
        writer.abandon();
        assertEquals(OptionalLong.empty(), storage.upload(p("u/data")).size());
        assertFalse(Files.exists(root().resolve(FileSystemStorage.UPLOADS_DIR).resolve("u/data")));
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void anEmptyObjectNeedsNoTemporaryFileAndAnUnsyncedPutLeavesNone() throws IOException {
        storage.put(p("e/empty"), new byte[0]);
        storage.putUnsynced(p("e/record"), bytes("x"));
        assertEquals(List.of(), tempFiles());
        assertEquals(List.of("empty", "record"), names("e"));
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> temp = Files.list(root().resolve(FileSystemStorage.TEMP_DIR))) {
            return temp.toList();
        }
    }

    @Test
    void uploadsSurviveANewInstanceOnTheSameRoot() {
        upload("u/data", "first,");
        Storage other = new FileSystemStorage(root());
        try (AppendWriter writer = other.upload(p("u/data")).writer()) {
            assertEquals(6, writer.size());
            writer.write(ByteBuffer.wrap(bytes("second")));
        }
        assertEquals("first,second", complete("u/data", "u/object"));
    }

    @Test
    void completingOntoAPrefixFailsAndKeepsTheUpload() {
        put("c/dir/object", "x");
        upload("c/upload", "bytes");
        assertThrows(StorageException.class, () -> storage.upload(p("c/upload")).complete(p("c/dir")));
        assertEquals(OptionalLong.of(5), storage.upload(p("c/upload")).size());
        assertEquals("x", readAll("c/dir/object"));
    }

    @Test
    void strayFilesWithNamesNoPathCanHaveAreNotListed() throws IOException {
        put("s/object", "x");
        Files.writeString(root().resolve("s/not a path~"), "x");
        assertEquals(List.of("object"), names("s"));
    }

    @Test
    void anObjectBelowAnotherObjectIsRefusedAndLeavesNothingBehind() throws IOException {
        put("c/object", "x");
        assertThrows(StorageException.class, () -> put("c/object/below", "y"));
        assertEquals("x", readAll("c/object"));
        try (Stream<Path> temp = Files.list(root().resolve(FileSystemStorage.TEMP_DIR))) {
            assertEquals(0, temp.count());
        }
    }

    @Test
    void statBelowAnObjectIsEmptyNotAnError() {
        put("c/object", "x");
        assertTrue(storage.stat(p("c/object/below")).isEmpty());
        assertFalse(storage.delete(p("c/object/below")));
        assertEquals(List.of(), names("c/object/below"));
    }
}
