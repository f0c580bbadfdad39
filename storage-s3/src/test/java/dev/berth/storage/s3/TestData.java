package dev.berth.storage.s3;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.Storage;
import dev.berth.storage.StoragePath;
import java.nio.ByteBuffer;
import java.util.Random;

/** Bytes and small upload helpers shared by the S3-specific tests. */
final class TestData {

    static final int MIB = 1024 * 1024;

    private TestData() {}

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** One writer appending {@code content[from, to)} to the upload at {@code path}. */
    static void append(Storage storage, StoragePath path, byte[] content, int from, int to) {
        try (AppendWriter writer = storage.upload(path).writer()) {
            writer.write(ByteBuffer.wrap(content, from, to - from));
        }
    }
}
