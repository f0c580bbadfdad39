package dev.berth.registry.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.testing.ForwardingStorage;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import dev.berth.storage.fs.FileSystemStorage;
import dev.berth.storage.memory.InMemoryStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class UploadsTest {
    final InMemoryStorage storage = new InMemoryStorage();
    final DeletionGuard guard = new DeletionGuard(storage, Clock.systemUTC(), Duration.ofHours(1));
    final BlobStore blobs = new BlobStore(storage, guard);
    final RepositoryName repo = new RepositoryName("team/app");
    final byte[] a = "hello ".getBytes(StandardCharsets.UTF_8);
    final byte[] b = "world".getBytes(StandardCharsets.UTF_8);
    final Digest whole = Digest.of(DigestAlgorithm.SHA256, "hello world".getBytes(StandardCharsets.UTF_8));

    Uploads uploads(Clock clock) {
        return new Uploads(storage, blobs, guard, clock);
    }

    @Test
    void chunksThenCompleteLinksTheBlob() {
        Uploads uploads = uploads(Clock.systemUTC());
        UploadStatus s = uploads.start(repo, DigestAlgorithm.SHA256);
        assertThat(uploads.append(repo, s.id(), Optional.of(0L), ChunkSources.of(a))
                        .size())
                .isEqualTo(6);
        assertThat(uploads.complete(repo, s.id(), whole, Optional.empty(), ChunkSources.of(b)))
                .isEqualTo(whole);
        assertThat(blobs.find(repo, whole)).get().extracting(BlobContent::size).isEqualTo(11L);
        assertThat(storage.list(RegistryLayout.uploads(), null, 10).names()).isEmpty();
    }

    @Test
    void aSessionHoldsNoUploadUntilItsFirstChunk() {
        Uploads uploads = uploads(Clock.systemUTC());
        UploadStatus s = uploads.start(repo, DigestAlgorithm.SHA256);
        assertThat(storage.upload(RegistryLayout.uploadData(s.id())).size()).isEmpty();
        assertThat(uploads.status(repo, s.id()).size()).isZero();
        assertThat(uploads.append(repo, s.id(), Optional.of(0L), ChunkSources.of(new byte[0]))
                        .size())
                .isZero();
        UploadStatus second = uploads.start(repo, DigestAlgorithm.SHA256);
        assertThat(uploads.complete(repo, second.id(), whole, Optional.of(0L), ChunkSources.of(a, b)))
                .isEqualTo(whole);
        assertThat(blobs.find(repo, whole)).get().extracting(BlobContent::size).isEqualTo(11L);
    }

    @Test
    void aCompletedSessionIsRemovedWithoutSyncAndACancelledOneDurably() {
        List<String> deletions = new ArrayList<>();
        Storage recording = new ForwardingStorage(storage) {
            @Override
            public void deleteAll(StoragePath prefix) {
                deletions.add("synced " + prefix);
                super.deleteAll(prefix);
            }

            @Override
            public void deleteAllUnsynced(StoragePath prefix) {
                deletions.add("unsynced " + prefix);
                delegate.deleteAllUnsynced(prefix);
            }
        };
        DeletionGuard recordingGuard = new DeletionGuard(recording, Clock.systemUTC(), Duration.ofHours(1));
        Uploads uploads =
                new Uploads(recording, new BlobStore(recording, recordingGuard), recordingGuard, Clock.systemUTC());
        UploadStatus completed = uploads.start(repo, DigestAlgorithm.SHA256);
        uploads.complete(repo, completed.id(), whole, Optional.of(0L), ChunkSources.of(a, b));
        UploadStatus cancelled = uploads.start(repo, DigestAlgorithm.SHA256);
        uploads.append(repo, cancelled.id(), Optional.of(0L), ChunkSources.of(a));
        uploads.cancel(repo, cancelled.id());
        assertThat(deletions)
                .containsExactly(
                        "unsynced " + RegistryLayout.upload(completed.id()),
                        "synced " + RegistryLayout.upload(cancelled.id()));
        assertThat(storage.list(RegistryLayout.uploads(), null, 10).names()).isEmpty();
    }

    @Test
    void sessionSurvivesARestart() {
        UploadStatus s = uploads(Clock.systemUTC()).start(repo, DigestAlgorithm.SHA256);
        uploads(Clock.systemUTC()).append(repo, s.id(), Optional.empty(), ChunkSources.of(a));
        Uploads afterRestart = uploads(Clock.systemUTC());
        assertThat(afterRestart.status(repo, s.id()).size()).isEqualTo(6);
        assertThat(afterRestart.complete(repo, s.id(), whole, Optional.of(6L), ChunkSources.of(b)))
                .isEqualTo(whole);
    }

    @Test
    void outOfOrderChunkIsRefusedWithTheCurrentRange() {
        Uploads uploads = uploads(Clock.systemUTC());
        UploadStatus s = uploads.start(repo, DigestAlgorithm.SHA256);
        uploads.append(repo, s.id(), Optional.of(0L), ChunkSources.of(a));
        assertThatThrownBy(() -> uploads.append(repo, s.id(), Optional.of(100L), ChunkSources.of(b)))
                .isInstanceOfSatisfying(UploadOutOfOrderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_RANGE_INVALID);
                    assertThat(e.committed()).isEqualTo(new UploadStatus(repo, s.id(), 6));
                });
        assertThat(uploads.status(repo, s.id()).size()).isEqualTo(6);
    }

    @Test
    void aChunkCutShortLeavesTheUploadAsItWas() {
        Uploads uploads = uploads(Clock.systemUTC());
        UploadStatus s = uploads.start(repo, DigestAlgorithm.SHA256);
        uploads.append(repo, s.id(), Optional.empty(), ChunkSources.of(a));
        ChunkSource broken = sink -> {
            sink.accept(new java.nio.ByteBuffer[] {java.nio.ByteBuffer.wrap("junk".getBytes(StandardCharsets.UTF_8))});
            throw new java.io.UncheckedIOException(new java.io.IOException("client went away"));
        };
        assertThatThrownBy(() -> uploads.append(repo, s.id(), Optional.empty(), broken))
                .isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(uploads.status(repo, s.id()).size()).isEqualTo(6);
        assertThat(uploads.complete(repo, s.id(), whole, Optional.of(6L), ChunkSources.of(b)))
                .isEqualTo(whole);
    }

    @Test
    void digestMismatchStoresNothing() {
        Uploads uploads = uploads(Clock.systemUTC());
        UploadStatus s = uploads.start(repo, DigestAlgorithm.SHA256);
        Digest wrong = Digest.of(DigestAlgorithm.SHA256, b);
        assertThatThrownBy(() -> uploads.complete(repo, s.id(), wrong, Optional.empty(), ChunkSources.of(a)))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_INVALID));
        assertThat(blobs.existsAnywhere(wrong)).isFalse();
        assertThat(blobs.existsAnywhere(Digest.of(DigestAlgorithm.SHA256, a))).isFalse();
    }

    @Test
    void sha512UploadsVerifyWithSha512() {
        Uploads uploads = uploads(Clock.systemUTC());
        Digest d = Digest.of(DigestAlgorithm.SHA512, a);
        assertThat(uploads.putWhole(repo, d, ChunkSources.of(a))).isEqualTo(d);
        assertThat(blobs.isLinked(repo, d)).isTrue();
    }

    @Test
    void sessionsBelongToTheirRepository() {
        Uploads uploads = uploads(Clock.systemUTC());
        UploadStatus s = uploads.start(repo, DigestAlgorithm.SHA256);
        assertThatThrownBy(() -> uploads.status(new RepositoryName("other"), s.id()))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BLOB_UPLOAD_UNKNOWN));
    }

    @Test
    void duplicateContentIsStoredOnce() {
        Uploads uploads = uploads(Clock.systemUTC());
        Digest d = Digest.of(DigestAlgorithm.SHA256, a);
        uploads.putWhole(repo, d, ChunkSources.of(a));
        uploads.putWhole(new RepositoryName("other"), d, ChunkSources.of(a));
        java.util.List<dev.berth.storage.ObjectInfo> stored = new java.util.ArrayList<>();
        storage.walk(new dev.berth.storage.StoragePath("blobs"), stored::add);
        assertThat(stored).extracting(o -> o.path()).containsExactly(RegistryLayout.blob(d));
        assertThat(blobs.isLinked(new RepositoryName("other"), d)).isTrue();
    }

    @Test
    void corruptSessionStateIsLoggedWithItsKeyBeforeTheUploadIsUnknown() {
        Uploads uploads = uploads(Clock.systemUTC());
        UploadStatus s = uploads.start(repo, DigestAlgorithm.SHA256);
        storage.put(RegistryLayout.uploadInfo(s.id()), "{\"repository\":".getBytes(StandardCharsets.UTF_8));
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(Uploads.class);
        appender.start();
        logger.addAppender(appender);
        try {
            assertThatThrownBy(() -> uploads.status(repo, s.id()))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.BLOB_UPLOAD_UNKNOWN));
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("uploads/" + s.id().value() + "/info");
        });
    }

    @Test
    void thePurgeAlsoRemovesWhatCrashedWritersOfTheDriverLeftBehind(@TempDir Path root) throws Exception {
        FileSystemStorage disk = new FileSystemStorage(root);
        DeletionGuard diskGuard = new DeletionGuard(disk, Clock.systemUTC(), Duration.ofHours(1));
        Uploads uploads = new Uploads(disk, new BlobStore(disk, diskGuard), diskGuard, Clock.systemUTC());
        Path crashed = Files.writeString(root.resolve("~tmp").resolve("crashed.put"), "x");
        Files.setLastModifiedTime(crashed, FileTime.from(Instant.now().minus(Duration.ofMinutes(30))));
        Path inProgress = Files.writeString(root.resolve("~tmp").resolve("in-progress.put"), "x");
        uploads.purgeIdle(Duration.ofMinutes(10));
        assertThat(crashed).doesNotExist();
        assertThat(inProgress).exists();
    }

    @Test
    void purgesOnlyIdleSessions() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Uploads early = uploads(Clock.fixed(t0, ZoneOffset.UTC));
        UploadStatus s = early.start(repo, DigestAlgorithm.SHA256);
        Uploads now = uploads(Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertThat(now.purgeIdle(Duration.ofHours(3))).isZero();
        assertThat(now.purgeIdle(Duration.ofHours(1))).isEqualTo(1);
        assertThatThrownBy(() -> now.status(repo, s.id())).isInstanceOf(RegistryException.class);
    }
}
