package dev.berth.storage.fs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyWritebackTest {
    @TempDir
    Path dir;

    @Test
    void aFailedBackgroundFsyncIsThrownByFinish() throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        EarlyWriteback writeback = new EarlyWriteback(channel);
        channel.close();
        writeback.written(EarlyWriteback.EVERY);
        assertThrows(ClosedChannelException.class, writeback::finish);
    }

    @Test
    void finishWaitsForTheBackgroundFsyncAndIsQuietWhenItWorked() throws IOException {
        try (FileChannel channel =
                FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            EarlyWriteback writeback = new EarlyWriteback(channel);
            writeback.written(EarlyWriteback.EVERY - 1);
            assertDoesNotThrow(writeback::finish);
            writeback.written(1);
            assertDoesNotThrow(writeback::finish);
        }
    }
}
