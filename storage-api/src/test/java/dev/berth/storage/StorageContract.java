package dev.berth.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@link Storage} and {@link AppendWriter}, as tests every driver must pass
 * unchanged. A driver's test extends this class and says how to build an empty store; the tests
 * are grouped in {@link Nested} classes (objects, uploads, listing, walk), which JUnit runs for
 * every subclass.
 *
 * <p>Each test is named for the promise it checks; when one fails, read that method's javadoc in
 * {@link Storage}.
 */
public abstract class StorageContract {

    /** A new, empty store; called before every test. */
    protected abstract Storage newStorage() throws Exception;

    /** Called after every test with the store {@link #newStorage()} made; override to clean up. */
    protected void disposeStorage(Storage storage) throws Exception {
        storage.close();
    }

    protected Storage storage;

    @BeforeEach
    void createStorage() throws Exception {
        storage = newStorage();
    }

    @AfterEach
    void closeStorage() throws Exception {
        if (storage != null) {
            disposeStorage(storage);
        }
    }

    /** Objects written whole: stat, read, put, move, delete, deleteAll and openChannel. */
    @Nested
    class Objects {
        // stat

        @Test
        void statOfMissingObjectIsEmpty() {
            assertEquals(Optional.empty(), storage.stat(p("nothing/here")));
        }

        @Test
        void statOfPrefixIsEmpty() {
            put("dir/sub/object", "x");
            assertEquals(Optional.empty(), storage.stat(p("dir")));
            assertEquals(Optional.empty(), storage.stat(p("dir/sub")));
        }

        @Test
        void statReportsPathSizeAndLastModified() {
            put("s/object", "12345");
            ObjectInfo info = storage.stat(p("s/object")).orElseThrow();
            assertEquals(p("s/object"), info.path());
            assertEquals(5, info.size());
            assertNotNull(info.lastModified());
        }

        // read

        @Test
        void readFromZeroReturnsWholeObject() throws IOException {
            put("r/object", "hello world");
            assertEquals("hello world", readString(storage.read(p("r/object"), 0)));
        }

        @Test
        void readFromOffsetReturnsBytesFromThereToTheEnd() throws IOException {
            put("r/object", "hello world");
            assertEquals("world", readString(storage.read(p("r/object"), 6)));
        }

        @Test
        void readAtOffsetEqualToSizeIsEmpty() throws IOException {
            put("r/object", "abc");
            assertEquals("", readString(storage.read(p("r/object"), 3)));
        }

        @Test
        void readBeyondSizeThrowsIllegalArgument() {
            put("r/object", "abc");
            assertThrows(IllegalArgumentException.class, () -> storage.read(p("r/object"), 4)
                    .close());
        }

        @Test
        void readFromNegativeOffsetThrowsIllegalArgument() {
            put("r/object", "abc");
            assertThrows(IllegalArgumentException.class, () -> storage.read(p("r/object"), -1)
                    .close());
        }

        @Test
        void readOfMissingObjectThrowsObjectNotFound() {
            assertThrows(ObjectNotFoundException.class, () -> storage.read(p("r/missing"), 0)
                    .close());
        }

        @Test
        void readOfPrefixThrowsObjectNotFound() {
            put("r/dir/object", "abc");
            assertThrows(ObjectNotFoundException.class, () -> storage.read(p("r/dir"), 0)
                    .close());
        }

        @Test
        void readOfLargeObjectReturnsEveryByte() throws IOException {
            byte[] content = random(3 * 1024 * 1024 + 17, 1);
            storage.put(p("r/large"), content);
            try (InputStream in = storage.read(p("r/large"), 1000)) {
                assertArrayEquals(Arrays.copyOfRange(content, 1000, content.length), in.readAllBytes());
            }
        }

        @Test
        void openStreamKeepsReadingTheObjectItOpenedWhenReplaced() throws IOException {
            byte[] old = random(256 * 1024, 2);
            storage.put(p("r/object"), old);
            try (InputStream in = storage.read(p("r/object"), 0)) {
                storage.put(p("r/object"), random(128 * 1024, 3));
                assertArrayEquals(old, in.readAllBytes());
            }
        }

        @Test
        void readAllReturnsWholeObject() {
            put("r/object", "small");
            assertEquals("small", new String(storage.readAll(p("r/object")), StandardCharsets.UTF_8));
        }

        @Test
        void readAllOfMissingObjectThrowsObjectNotFound() {
            assertThrows(ObjectNotFoundException.class, () -> storage.readAll(p("r/missing")));
        }

        // put

        @Test
        void putStoresContent() {
            put("p/object", "content");
            assertEquals("content", readAll("p/object"));
        }

        @Test
        void putStoresEmptyObject() {
            storage.put(p("p/empty"), new byte[0]);
            assertEquals(0, storage.stat(p("p/empty")).orElseThrow().size());
            assertArrayEquals(new byte[0], storage.readAll(p("p/empty")));
        }

        @Test
        void putReplacesExistingObject() {
            put("p/object", "a much longer first version");
            put("p/object", "second");
            assertEquals("second", readAll("p/object"));
            assertEquals(6, storage.stat(p("p/object")).orElseThrow().size());
        }

        @Test
        void putOfNothingReplacesAnExistingObject() {
            put("p/object", "content");
            storage.put(p("p/object"), new byte[0]);
            assertArrayEquals(new byte[0], storage.readAll(p("p/object")));
            storage.put(p("p/object"), new byte[0]);
            assertEquals(0, storage.stat(p("p/object")).orElseThrow().size());
        }

        @Test
        void unsyncedPutStoresAndReplacesLikeAPut() {
            storage.putUnsynced(p("p/deep/record"), bytes("first"));
            assertEquals("first", readAll("p/deep/record"));
            storage.putUnsynced(p("p/deep/record"), bytes("2nd"));
            assertEquals("2nd", readAll("p/deep/record"));
            assertEquals(List.of("record"), names("p/deep"));
        }

        @Test
        void putKeepsContentAsItWasWhenCalled() {
            byte[] content = bytes("before");
            storage.put(p("p/object"), content);
            content[0] = 'X';
            assertEquals("before", readAll("p/object"));
        }

        @Test
        void putCreatesEveryPrefixAboveTheObject() {
            put("p/a/b/c/object", "x");
            assertEquals(List.of("a"), names("p"));
            assertEquals(List.of("b"), names("p/a"));
            assertEquals(List.of("object"), names("p/a/b/c"));
        }

        @Test
        void concurrentPutsAndReadsNeverSeeAPartialObject() throws Exception {
            int writers = 3;
            int putsPerWriter = 25;
            StoragePath path = p("c/object");
            storage.put(path, uniform(0));
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                tasks.add(() -> {
                    for (int i = 0; i < putsPerWriter; i++) {
                        storage.put(path, uniform(writer));
                    }
                    return putsPerWriter;
                });
            }
            for (int r = 0; r < 2; r++) {
                tasks.add(() -> {
                    int reads = 0;
                    do {
                        assertUniform(storage.readAll(path));
                        try (InputStream in = storage.read(path, 0)) {
                            assertUniform(in.readAllBytes());
                        }
                        reads++;
                    } while (writing.get());
                    return reads;
                });
            }
            runConcurrently(tasks, writers, () -> writing.set(false));
            assertUniform(storage.readAll(path));
        }

        @Test
        void concurrentPutsAndDeletesInOneDirectoryNeverFail() throws Exception {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                StoragePath path = p("race/a/b/object" + t);
                tasks.add(() -> {
                    for (int i = 0; i < 40; i++) {
                        storage.put(path, bytes("x"));
                        assertTrue(storage.delete(path));
                    }
                    return 40;
                });
            }
            runConcurrently(tasks, tasks.size(), () -> {});
            assertEquals(List.of(), names("race"));
        }

        // move

        @Test
        void moveTransfersTheObject() {
            put("m/source", "payload");
            storage.move(p("m/source"), p("m/target"));
            assertEquals(Optional.empty(), storage.stat(p("m/source")));
            assertEquals("payload", readAll("m/target"));
        }

        @Test
        void moveReplacesTheTarget() {
            put("m/source", "new");
            put("m/target", "old and longer");
            storage.move(p("m/source"), p("m/target"));
            assertEquals("new", readAll("m/target"));
        }

        @Test
        void moveCreatesPrefixesAboveTheTarget() {
            put("m/source", "payload");
            storage.move(p("m/source"), p("m/deep/er/target"));
            assertEquals("payload", readAll("m/deep/er/target"));
            assertEquals(List.of("deep"), names("m"));
        }

        @Test
        void moveOfMissingSourceThrowsObjectNotFound() {
            put("m/target", "untouched");
            assertThrows(ObjectNotFoundException.class, () -> storage.move(p("m/missing"), p("m/target")));
            assertEquals("untouched", readAll("m/target"));
        }

        @Test
        void moveOfPrefixThrowsObjectNotFound() {
            put("m/dir/object", "x");
            assertThrows(ObjectNotFoundException.class, () -> storage.move(p("m/dir"), p("m/target")));
        }

        @Test
        void moveOntoItselfKeepsTheObject() {
            put("m/object", "stays");
            storage.move(p("m/object"), p("m/object"));
            assertEquals("stays", readAll("m/object"));
        }

        @Test
        void moveOfLastObjectRemovesTheSourcePrefixFromListings() {
            put("m/keep", "k");
            put("m/upload/abc/data", "payload");
            storage.move(p("m/upload/abc/data"), p("m/blob"));
            assertEquals(List.of("blob", "keep"), names("m"));
        }

        // delete

        @Test
        void deleteOfExistingObjectReturnsTrueAndRemovesIt() {
            put("d/object", "x");
            assertTrue(storage.delete(p("d/object")));
            assertEquals(Optional.empty(), storage.stat(p("d/object")));
            assertThrows(ObjectNotFoundException.class, () -> storage.readAll(p("d/object")));
        }

        @Test
        void deleteOfMissingObjectReturnsFalse() {
            assertFalse(storage.delete(p("d/missing")));
        }

        @Test
        void deleteOfPrefixReturnsFalseAndKeepsObjectsBelow() {
            put("d/dir/object", "x");
            assertFalse(storage.delete(p("d/dir")));
            assertEquals("x", readAll("d/dir/object"));
        }

        @Test
        void deleteOfLastObjectRemovesEveryEmptyPrefixFromListings() {
            put("d/keep", "k");
            put("d/a/b/c/object", "x");
            storage.delete(p("d/a/b/c/object"));
            assertEquals(List.of("keep"), names("d"));
            assertEquals(List.of(), names("d/a"));
        }

        @Test
        void deleteKeepsPrefixesThatStillHoldObjects() {
            put("d/a/one", "1");
            put("d/a/two", "2");
            storage.delete(p("d/a/one"));
            assertEquals(List.of("a"), names("d"));
            assertEquals(List.of("two"), names("d/a"));
        }

        // deleteAll

        @Test
        void deleteAllRemovesEveryObjectBelowThePrefix() {
            put("x/tree/one", "1");
            put("x/tree/sub/two", "2");
            put("x/tree/sub/deeper/three", "3");
            storage.deleteAll(p("x/tree"));
            List<ObjectInfo> left = new ArrayList<>();
            storage.walk(p("x"), left::add);
            assertEquals(List.of(), left);
            assertEquals(List.of(), names("x"));
        }

        @Test
        void deleteAllRemovesTheObjectAtThePrefixItself() {
            put("x/object", "1");
            storage.deleteAll(p("x/object"));
            assertEquals(Optional.empty(), storage.stat(p("x/object")));
        }

        @Test
        void deleteAllKeepsSiblingsWhoseNamesStartTheSame() {
            put("x/a/one", "1");
            put("x/ab", "2");
            put("x/a-b/three", "3");
            put("x/a.b", "4");
            storage.deleteAll(p("x/a"));
            assertEquals(List.of("a-b", "a.b", "ab"), names("x"));
        }

        @Test
        void deleteAllOfMissingPrefixDoesNothing() {
            put("x/keep", "k");
            storage.deleteAll(p("x/missing"));
            storage.deleteAll(p("nothing"));
            assertEquals(List.of("keep"), names("x"));
        }

        @Test
        void unsyncedDeleteAllRemovesLikeADeleteAll() {
            put("x/tree/one", "1");
            put("x/tree/sub/two", "2");
            put("x/treetop", "3");
            storage.deleteAllUnsynced(p("x/tree"));
            assertEquals(Optional.empty(), storage.stat(p("x/tree/sub/two")));
            assertEquals(List.of("treetop"), names("x"));
            storage.deleteAllUnsynced(p("x/missing"));
            assertEquals(List.of("treetop"), names("x"));
        }

        // openChannel

        @Test
        void openChannelReadsTheSameBytesAsRead() throws IOException {
            byte[] content = random(100_000, 5);
            storage.put(p("o/object"), content);
            Optional<FileChannel> channel = storage.openChannel(p("o/object"));
            assumeTrue(channel.isPresent(), "driver has no file channels");
            try (FileChannel ch = channel.get()) {
                assertEquals(content.length, ch.size());
                ByteBuffer buffer = ByteBuffer.allocate(content.length);
                int read = 0;
                while (buffer.hasRemaining() && read >= 0) {
                    read = ch.read(buffer);
                }
                assertArrayEquals(content, buffer.array());
            }
        }

        @Test
        void openChannelIsReadOnly() throws IOException {
            put("o/object", "x");
            Optional<FileChannel> channel = storage.openChannel(p("o/object"));
            assumeTrue(channel.isPresent(), "driver has no file channels");
            try (FileChannel ch = channel.get()) {
                assertThrows(NonWritableChannelException.class, () -> ch.write(ByteBuffer.wrap(bytes("y"))));
            }
            assertEquals("x", readAll("o/object"));
        }

        @Test
        void openChannelOfMissingObjectThrowsObjectNotFoundWhenSupported() throws IOException {
            put("o/object", "x");
            Optional<FileChannel> channel = storage.openChannel(p("o/object"));
            assumeTrue(channel.isPresent(), "driver has no file channels");
            channel.get().close();
            assertThrows(ObjectNotFoundException.class, () -> storage.openChannel(p("o/missing")));
            assertThrows(ObjectNotFoundException.class, () -> storage.openChannel(p("o")));
        }
    }

    /** Resumable uploads: their writers, sizes, completion and abort. */
    @Nested
    class Uploads {
        // uploads

        @Test
        void writerCreatesAnEmptyUpload() {
            assertEquals(OptionalLong.empty(), storage.upload(p("u/upload")).size());
            try (AppendWriter writer = storage.upload(p("u/upload")).writer()) {
                assertEquals(0, writer.size());
            }
            assertEquals(OptionalLong.of(0), storage.upload(p("u/upload")).size());
        }

        @Test
        void oneHandleServesTheWholeLifecycleAndGettingItCreatesNothing() {
            Upload upload = storage.upload(p("u/upload"));
            assertEquals(OptionalLong.empty(), upload.size());
            try (AppendWriter writer = upload.writer()) {
                writer.write(ByteBuffer.wrap(bytes("bytes")));
            }
            assertEquals(OptionalLong.of(5), upload.size());
            upload.complete(p("u/target"));
            assertEquals("bytes", readAll("u/target"));
            assertEquals(OptionalLong.empty(), upload.size());
            assertFalse(upload.cancel());
        }

        @Test
        void sizeOfMissingUploadIsEmpty() {
            put("u/object", "an object is not an upload");
            assertEquals(OptionalLong.empty(), storage.upload(p("u/missing")).size());
            assertEquals(OptionalLong.empty(), storage.upload(p("u/object")).size());
        }

        @Test
        void sizeCountsBytesOnceTheWriterIsClosed() {
            AppendWriter writer = storage.upload(p("u/upload")).writer();
            writer.write(ByteBuffer.wrap(bytes("chunk1")));
            writer.write(ByteBuffer.wrap(bytes("chunk2")));
            writer.close();
            assertEquals(OptionalLong.of(12), storage.upload(p("u/upload")).size());
        }

        @Test
        void sizeDoesNotCountBytesOfAWriterStillOpen() {
            upload("u/upload", "kept");
            AppendWriter writer = storage.upload(p("u/upload")).writer();
            writer.write(ByteBuffer.wrap(bytes("-on-its-way")));
            assertEquals(OptionalLong.of(4), storage.upload(p("u/upload")).size());
            writer.abandon();
            assertEquals("kept", complete("u/upload", "u/object"));
        }

        @Test
        void uploadAcrossSeveralWritersConcatenatesInOrder() {
            upload("u/upload", "one,");
            upload("u/upload", "two,");
            upload("u/upload", "three");
            assertEquals(OptionalLong.of(13), storage.upload(p("u/upload")).size());
            assertEquals("one,two,three", complete("u/upload", "u/target"));
        }

        @Test
        void writerSizeCountsEarlierAndWrittenBytes() {
            upload("u/upload", "12345");
            try (AppendWriter writer = storage.upload(p("u/upload")).writer()) {
                assertEquals(5, writer.size());
                writer.write(ByteBuffer.wrap(bytes("678")));
                assertEquals(8, writer.size());
                writer.write(ByteBuffer.wrap(new byte[0]));
                assertEquals(8, writer.size());
            }
            assertEquals(OptionalLong.of(8), storage.upload(p("u/upload")).size());
        }

        @Test
        void writerWritesExactlyTheRemainingBytesOfTheBuffer() {
            ByteBuffer buffer = ByteBuffer.wrap(bytes("0123456789"), 2, 5);
            try (AppendWriter writer = storage.upload(p("u/upload")).writer()) {
                writer.write(buffer);
            }
            assertFalse(buffer.hasRemaining());
            assertEquals("23456", complete("u/upload", "u/target"));
        }

        @Test
        void writerTakesDirectAndReadOnlyBuffers() {
            ByteBuffer direct = ByteBuffer.allocateDirect(4).put(bytes("dir:"));
            direct.flip();
            try (AppendWriter writer = storage.upload(p("u/upload")).writer()) {
                writer.write(direct);
                writer.write(ByteBuffer.wrap(bytes("read-only")).asReadOnlyBuffer());
            }
            assertEquals("dir:read-only", complete("u/upload", "u/target"));
        }

        @Test
        void gatheringWriteAppendsTheRemainingBytesOfEveryBufferInOrder() {
            ByteBuffer direct = ByteBuffer.allocateDirect(64);
            direct.put(bytes("xxdirect")).flip().position(2);
            ByteBuffer[] buffers = {
                ByteBuffer.wrap(bytes("0123456789"), 2, 3),
                ByteBuffer.allocate(0),
                direct,
                ByteBuffer.wrap(new byte[300_000]),
                ByteBuffer.wrap(bytes("end")).asReadOnlyBuffer(),
            };
            try (AppendWriter writer = storage.upload(p("u/upload")).writer()) {
                writer.write(ByteBuffer.wrap(bytes(">")));
                writer.write(buffers);
                assertEquals(1 + 3 + 6 + 300_000 + 3, writer.size());
            }
            for (ByteBuffer b : buffers) {
                assertFalse(b.hasRemaining());
            }
            assertEquals(">234direct" + "\0".repeat(300_000) + "end", complete("u/upload", "u/target"));
        }

        @Test
        void abandonRestoresTheSizeAndBytesTheUploadHadWhenTheWriterOpened() {
            upload("u/upload", "closed");
            AppendWriter writer = storage.upload(p("u/upload")).writer();
            writer.write(ByteBuffer.wrap(bytes("-abandoned")));
            assertEquals(16, writer.size());
            writer.abandon();
            assertEquals(OptionalLong.of(6), storage.upload(p("u/upload")).size());
            try (AppendWriter next = storage.upload(p("u/upload")).writer()) {
                assertEquals(6, next.size());
                next.write(ByteBuffer.wrap(bytes("+resumed")));
            }
            assertEquals("closed+resumed", complete("u/upload", "u/target"));
        }

        @Test
        void abandonOfTheFirstWriterLeavesNoBytes() {
            AppendWriter writer = storage.upload(p("u/upload")).writer();
            writer.write(ByteBuffer.wrap(random(100_000, 6)));
            writer.abandon();
            // No upload, or an empty one: drivers differ.
            assertEquals(0, storage.upload(p("u/upload")).size().orElse(0));
            storage.upload(p("u/upload")).writer().close();
            assertEquals(OptionalLong.of(0), storage.upload(p("u/upload")).size());
            assertEquals("", complete("u/upload", "u/target"));
        }

        @Test
        void abandonOfALargeWriteKeepsEveryEarlierByte() {
            byte[] kept = random(300_001, 7);
            try (AppendWriter writer = storage.upload(p("u/upload")).writer()) {
                writer.write(ByteBuffer.wrap(kept));
            }
            AppendWriter writer = storage.upload(p("u/upload")).writer();
            for (int i = 0; i < 8; i++) {
                writer.write(ByteBuffer.wrap(random(1024 * 1024, 8 + i)));
            }
            writer.abandon();
            assertEquals(
                    OptionalLong.of(kept.length), storage.upload(p("u/upload")).size());
            storage.upload(p("u/upload")).complete(p("u/target"));
            assertArrayEquals(kept, storage.readAll(p("u/target")));
        }

        @Test
        void abandonAfterCloseKeepsTheClosedBytes() {
            AppendWriter writer = storage.upload(p("u/upload")).writer();
            writer.write(ByteBuffer.wrap(bytes("kept")));
            writer.close();
            writer.abandon();
            writer.close();
            assertEquals(OptionalLong.of(4), storage.upload(p("u/upload")).size());
            assertEquals("kept", complete("u/upload", "u/target"));
        }

        @Test
        void closeAfterAbandonKeepsNothingOfTheAbandonedWriter() {
            upload("u/upload", "before");
            AppendWriter writer = storage.upload(p("u/upload")).writer();
            writer.write(ByteBuffer.wrap(bytes("dropped")));
            writer.abandon();
            writer.close();
            writer.abandon();
            assertEquals(OptionalLong.of(6), storage.upload(p("u/upload")).size());
            assertEquals("before", complete("u/upload", "u/target"));
        }

        @Test
        void writeAfterCloseThrowsIllegalState() {
            AppendWriter writer = storage.upload(p("u/upload")).writer();
            writer.close();
            assertThrows(IllegalStateException.class, () -> writer.write(ByteBuffer.wrap(bytes("x"))));
            assertEquals(OptionalLong.of(0), storage.upload(p("u/upload")).size());
        }

        @Test
        void writeAfterAbandonThrowsIllegalState() {
            AppendWriter writer = storage.upload(p("u/upload")).writer();
            writer.abandon();
            assertThrows(IllegalStateException.class, () -> writer.write(ByteBuffer.wrap(bytes("x"))));
        }

        @Test
        void completeMakesTheExactBytesReadableAtTheTarget() throws IOException {
            byte[] content = random(200_003, 9);
            try (AppendWriter writer = storage.upload(p("u/upload")).writer()) {
                writer.write(ByteBuffer.wrap(content, 0, 100_000));
            }
            try (AppendWriter writer = storage.upload(p("u/upload")).writer()) {
                writer.write(ByteBuffer.wrap(content, 100_000, content.length - 100_000));
            }
            storage.upload(p("u/upload")).complete(p("blobs/ab/target"));
            assertEquals(
                    content.length,
                    storage.stat(p("blobs/ab/target")).orElseThrow().size());
            assertArrayEquals(content, storage.readAll(p("blobs/ab/target")));
            try (InputStream in = storage.read(p("blobs/ab/target"), 123_456)) {
                assertArrayEquals(Arrays.copyOfRange(content, 123_456, content.length), in.readAllBytes());
            }
        }

        @Test
        void completeOfAnEmptyUploadStoresAnEmptyObject() {
            storage.upload(p("u/upload")).writer().close();
            storage.upload(p("u/upload")).complete(p("u/target"));
            assertEquals(0, storage.stat(p("u/target")).orElseThrow().size());
            assertArrayEquals(new byte[0], storage.readAll(p("u/target")));
        }

        @Test
        void completeReplacesAnExistingTarget() {
            put("u/target", "an old and much longer object");
            upload("u/upload", "new");
            storage.upload(p("u/upload")).complete(p("u/target"));
            assertEquals("new", readAll("u/target"));
            assertEquals(3, storage.stat(p("u/target")).orElseThrow().size());
        }

        @Test
        void completeCreatesPrefixesAboveTheTarget() {
            put("u/keep", "k");
            upload("u/upload", "payload");
            storage.upload(p("u/upload")).complete(p("u/deep/er/target"));
            assertEquals("payload", readAll("u/deep/er/target"));
            assertEquals(List.of("deep", "keep"), names("u"));
            assertEquals(List.of("er"), names("u/deep"));
        }

        @Test
        void completeEndsTheUpload() {
            upload("u/upload", "bytes");
            storage.upload(p("u/upload")).complete(p("u/target"));
            assertEquals(OptionalLong.empty(), storage.upload(p("u/upload")).size());
            assertThrows(ObjectNotFoundException.class, () -> storage.upload(p("u/upload"))
                    .complete(p("u/other")));
            assertFalse(storage.upload(p("u/upload")).cancel());
            assertEquals(Optional.empty(), storage.stat(p("u/other")));
            assertEquals("bytes", readAll("u/target"));
        }

        @Test
        void writerAfterCompletionStartsAFreshUpload() {
            upload("u/upload", "first");
            storage.upload(p("u/upload")).complete(p("u/first"));
            upload("u/upload", "second");
            assertEquals(OptionalLong.of(6), storage.upload(p("u/upload")).size());
            assertEquals("second", complete("u/upload", "u/second"));
            assertEquals("first", readAll("u/first"));
        }

        @Test
        void completeOfMissingUploadThrowsObjectNotFoundAndKeepsTheTarget() {
            put("u/target", "untouched");
            put("u/object", "an object is not an upload");
            assertThrows(ObjectNotFoundException.class, () -> storage.upload(p("u/missing"))
                    .complete(p("u/target")));
            assertThrows(ObjectNotFoundException.class, () -> storage.upload(p("u/object"))
                    .complete(p("u/target")));
            assertEquals("untouched", readAll("u/target"));
            assertEquals("an object is not an upload", readAll("u/object"));
        }

        @Test
        void cancelDiscardsTheUploadAndReturnsTrue() {
            upload("u/upload", "discarded");
            assertTrue(storage.upload(p("u/upload")).cancel());
            assertEquals(OptionalLong.empty(), storage.upload(p("u/upload")).size());
            assertThrows(ObjectNotFoundException.class, () -> storage.upload(p("u/upload"))
                    .complete(p("u/target")));
            assertEquals(Optional.empty(), storage.stat(p("u/target")));
            upload("u/upload", "fresh");
            assertEquals("fresh", complete("u/upload", "u/target"));
        }

        @Test
        void cancelOfMissingUploadReturnsFalse() {
            put("u/object", "an object is not an upload");
            assertFalse(storage.upload(p("u/missing")).cancel());
            assertFalse(storage.upload(p("u/object")).cancel());
            assertEquals("an object is not an upload", readAll("u/object"));
        }

        @Test
        void endedUploadsLeaveNothingVisibleUnderTheirPrefix() {
            put("uploads/keep", "k");
            put("uploads/one/startedat", "1");
            upload("uploads/one/data", "completed");
            put("uploads/two/startedat", "2");
            upload("uploads/two/data", "aborted");
            storage.upload(p("uploads/one/data")).complete(p("blobs/one"));
            assertTrue(storage.upload(p("uploads/two/data")).cancel());
            storage.deleteAll(p("uploads/one"));
            storage.deleteAll(p("uploads/two"));
            assertEquals(List.of("keep"), names("uploads"));
            assertEquals(Map.of(p("uploads/keep"), 1L), walk("uploads"));
            assertEquals("completed", readAll("blobs/one"));
        }

        @Test
        void largeUploadKeepsEveryByte() throws IOException {
            int mib = 1024 * 1024;
            byte[] content = random(20 * mib + 7 + 4093 + 1, 10);
            int off = 0;
            try (AppendWriter writer = storage.upload(p("u/large")).writer()) {
                writer.write(ByteBuffer.wrap(content, off, 7));
                off += 7;
                for (int i = 0; i < 10; i++, off += mib) {
                    writer.write(ByteBuffer.wrap(content, off, mib));
                }
                assertEquals(off, writer.size());
            }
            try (AppendWriter writer = storage.upload(p("u/large")).writer()) {
                writer.write(ByteBuffer.wrap(content, off, 4093));
                off += 4093;
                for (int i = 0; i < 10; i++, off += mib) {
                    writer.write(ByteBuffer.wrap(content, off, mib));
                }
                writer.write(ByteBuffer.wrap(content, off, 1));
                off += 1;
                assertEquals(content.length, writer.size());
            }
            assertEquals(content.length, off);
            assertEquals(
                    OptionalLong.of(content.length),
                    storage.upload(p("u/large")).size());
            storage.upload(p("u/large")).complete(p("u/target"));
            assertEquals(
                    content.length, storage.stat(p("u/target")).orElseThrow().size());
            try (InputStream in = storage.read(p("u/target"), 0)) {
                assertArrayEquals(content, in.readAllBytes());
            }
        }

        @Test
        void uploadsAtDifferentPathsAreIndependent() {
            AppendWriter a = storage.upload(p("u/a/data")).writer();
            AppendWriter b = storage.upload(p("u/b/data")).writer();
            a.write(ByteBuffer.wrap(bytes("a1")));
            b.write(ByteBuffer.wrap(bytes("b1-longer")));
            a.write(ByteBuffer.wrap(bytes("a2")));
            a.close();
            b.abandon();
            assertEquals(OptionalLong.of(4), storage.upload(p("u/a/data")).size());
            assertEquals(0, storage.upload(p("u/b/data")).size().orElse(0));
            upload("u/b/data", "b2");
            assertTrue(storage.upload(p("u/a/data")).cancel());
            assertEquals(OptionalLong.empty(), storage.upload(p("u/a/data")).size());
            assertEquals("b2", complete("u/b/data", "u/target"));
        }
    }

    /** One level of the tree, page by page. */
    @Nested
    class Listing {
        // list

        @Test
        void listOfMissingDirectoryIsAnEmptyPage() {
            assertEquals(new ListPage(List.of(), false), storage.list(p("nothing"), null, 10));
        }

        @Test
        void listOfObjectIsAnEmptyPage() {
            put("l/object", "x");
            assertEquals(new ListPage(List.of(), false), storage.list(p("l/object"), null, 10));
        }

        @Test
        void listShowsObjectsAndPrefixesOfOneLevelOnly() {
            put("l/object", "x");
            put("l/dir/inner", "x");
            put("l/dir/deeper/inner", "x");
            put("l/other/inner", "x");
            assertEquals(List.of("dir", "object", "other"), names("l"));
        }

        @Test
        void listIsSortedByCodePoint() {
            List<String> objects = List.of("a-b", "a+b", "ab", "A", "0", "9", "-", "+x", ".dot");
            List<String> prefixes = List.of("a", "a.b", "a_b", "Z", "_z");
            objects.forEach(name -> put("l/" + name, "x"));
            prefixes.forEach(name -> put("l/" + name + "/inner", "x"));
            List<String> children = new ArrayList<>(objects);
            children.addAll(prefixes);
            List<String> expected = new ArrayList<>(children);
            expected.sort(String::compareTo);
            assertEquals(expected, names("l"));
        }

        @Test
        void listStartsStrictlyAfterStartAfter() {
            for (String name : List.of("a", "b", "c", "d")) {
                put("l/" + name, "x");
            }
            assertEquals(List.of("c", "d"), storage.list(p("l"), "b", 10).names());
            assertEquals(List.of("c", "d"), storage.list(p("l"), "bb", 10).names());
            assertEquals(List.of(), storage.list(p("l"), "d", 10).names());
        }

        @Test
        void listStartAfterAPrefixSkipsEverythingBelowIt() {
            put("l/a/x", "x");
            put("l/a/y/z", "x");
            put("l/a-b", "x");
            put("l/b", "x");
            assertEquals(List.of("a-b", "b"), storage.list(p("l"), "a", 10).names());
        }

        @Test
        void listHonoursLimitAndReportsTruncation() {
            for (String name : List.of("a", "b", "c", "d", "e")) {
                put("l/" + name, "x");
            }
            ListPage first = storage.list(p("l"), null, 2);
            assertEquals(new ListPage(List.of("a", "b"), true), first);
            assertEquals("b", first.last());
            assertEquals(new ListPage(List.of("c", "d"), true), storage.list(p("l"), first.last(), 2));
            assertEquals(new ListPage(List.of("e"), false), storage.list(p("l"), "d", 2));
        }

        @Test
        void listIsNotTruncatedWhenExactlyLimitNamesRemain() {
            put("l/a", "x");
            put("l/b/inner", "x");
            assertEquals(new ListPage(List.of("a", "b"), false), storage.list(p("l"), null, 2));
        }

        @Test
        void listWithLimitBelowOneThrowsIllegalArgument() {
            assertThrows(IllegalArgumentException.class, () -> storage.list(p("l"), null, 0));
        }

        @Test
        void listPagesThroughManyEntries() {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 2500; i++) {
                String name = String.format("n%05d", i);
                expected.add(name);
                storage.put(p("many").resolve(name), new byte[0]);
            }
            List<String> seen = new ArrayList<>();
            List<Integer> pageSizes = new ArrayList<>();
            String after = null;
            ListPage page;
            do {
                page = storage.list(p("many"), after, 1000);
                seen.addAll(page.names());
                pageSizes.add(page.names().size());
                after = page.last();
            } while (page.truncated());
            assertEquals(List.of(1000, 1000, 500), pageSizes);
            assertEquals(expected, seen);
        }
    }

    /** Every object under a prefix. */
    @Nested
    class Walk {
        // walk

        @Test
        void walkVisitsEveryObjectAtAnyDepthWithItsSize() {
            Map<StoragePath, Long> expected = new HashMap<>();
            for (String path : List.of("w/one", "w/a/two", "w/a/b/three", "w/a/b/c/d/four", "w/z")) {
                byte[] content = random(path.length() * 10, path.length());
                storage.put(p(path), content);
                expected.put(p(path), (long) content.length);
            }
            put("outside/object", "x");
            assertEquals(expected, walk("w"));
        }

        @Test
        void walkIncludesTheObjectAtThePrefixItself() {
            put("w/object", "123");
            assertEquals(Map.of(p("w/object"), 3L), walk("w/object"));
        }

        @Test
        void walkSkipsSiblingsWhoseNamesStartTheSame() {
            put("w/a/in", "1");
            put("w/ab", "2");
            put("w/a-b/out", "3");
            assertEquals(Map.of(p("w/a/in"), 1L), walk("w/a"));
        }

        @Test
        void walkOfMissingPrefixVisitsNothing() {
            assertEquals(Map.of(), walk("nothing"));
        }

        @Test
        void walkReportsLastModified() {
            put("w/object", "x");
            storage.walk(p("w"), info -> assertNotNull(info.lastModified()));
        }

        @Test
        void walkPropagatesTheVisitorsException() {
            put("w/object", "x");
            IllegalStateException thrown = new IllegalStateException("stop");
            assertSame(
                    thrown,
                    assertThrows(
                            IllegalStateException.class,
                            () -> storage.walk(p("w"), info -> {
                                throw thrown;
                            })));
        }
    }

    // helpers

    protected static StoragePath p(String path) {
        return new StoragePath(path);
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected void put(String path, String content) {
        storage.put(p(path), bytes(content));
    }

    protected String readAll(String path) {
        return new String(storage.readAll(p(path)), StandardCharsets.UTF_8);
    }

    /** Every name of one directory, through as many pages as it takes. */
    protected List<String> names(String directory) {
        List<String> names = new ArrayList<>();
        String after = null;
        ListPage page;
        do {
            page = storage.list(p(directory), after, 100);
            names.addAll(page.names());
            after = page.last();
        } while (page.truncated());
        return names;
    }

    /** Appends {@code content} to the upload at {@code path} through one writer. */
    protected void upload(String path, String content) {
        try (AppendWriter writer = storage.upload(p(path)).writer()) {
            writer.write(ByteBuffer.wrap(bytes(content)));
        }
    }

    /** Completes the upload at {@code path} into {@code target}, and returns the object there. */
    protected String complete(String path, String target) {
        storage.upload(p(path)).complete(p(target));
        return readAll(target);
    }

    private Map<StoragePath, Long> walk(String prefix) {
        Map<StoragePath, Long> seen = new HashMap<>();
        storage.walk(p(prefix), info -> assertNull(seen.put(info.path(), info.size())));
        return seen;
    }

    private static String readString(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writer {@code w}'s object: its own length, every byte {@code w + 1}, so a mix is visible. */
    private static byte[] uniform(int w) {
        byte[] b = new byte[64 * 1024 + 4099 * w];
        Arrays.fill(b, (byte) (w + 1));
        return b;
    }

    private static void assertUniform(byte[] content) {
        int w = content.length == 0 ? -1 : content[0] - 1;
        assertTrue(
                w >= 0 && Arrays.equals(uniform(w), content),
                "partial or mixed object of " + content.length + " bytes");
    }

    /**
     * Runs every task on its own thread and rethrows the first failure; {@code whenFirstDone} runs
     * once the first {@code firstCount} tasks have finished, to stop the others.
     */
    private static void runConcurrently(List<Callable<Integer>> tasks, int firstCount, Runnable whenFirstDone)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> task : tasks) {
                futures.add(pool.submit(task));
            }
            try {
                for (int i = 0; i < firstCount; i++) {
                    futures.get(i).get(2, TimeUnit.MINUTES);
                }
            } finally {
                whenFirstDone.run();
            }
            for (Future<Integer> future : futures) {
                assertTrue(future.get(2, TimeUnit.MINUTES) > 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
