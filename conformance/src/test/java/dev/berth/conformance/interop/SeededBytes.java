package dev.berth.conformance.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Pseudo-random bytes of any length, made on the fly from a seed and never held whole. Each 1 MiB
 * block has its own generator, so any offset can be produced again without replaying the stream
 * (a range read is checked against {@link #at}). Random bytes do not compress: layers built from
 * them are as large on the wire as on disk. The stream hashes what it hands out.
 */
final class SeededBytes extends InputStream {

    private static final int BLOCK = 1 << 20;

    private final long seed;
    private final long length;
    private final MessageDigest sha256;
    private final byte[] block = new byte[BLOCK];
    private long position;
    private long blockIndex = -1;

    SeededBytes(long seed, long length) {
        this.seed = seed;
        this.length = length;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Writes {@code length} bytes from {@code seed} into {@code file}. */
    static void writeFile(Path file, long seed, long length) {
        try (InputStream in = new SeededBytes(seed, length)) {
            Files.copy(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code count} bytes at {@code offset} of the stream with this seed. */
    static byte[] at(long seed, long offset, int count) {
        SeededBytes bytes = new SeededBytes(seed, offset + count);
        bytes.position = offset;
        byte[] out = new byte[count];
        int done = 0;
        while (done < count) {
            done += bytes.read(out, done, count - done);
        }
        return out;
    }

    /** {@code sha256:<hex>} of everything read so far (of the whole stream once it is exhausted). */
    String digest() {
        try {
            return "sha256:" + HexFormat.of().formatHex(((MessageDigest) sha256.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    long position() {
        return position;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
        if (count == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        long index = position / BLOCK;
        if (index != blockIndex) {
            new SplittableRandom(seed ^ (index * 0x9E3779B97F4A7C15L)).nextBytes(block);
            blockIndex = index;
        }
        int within = (int) (position % BLOCK);
        int n = (int) Math.min(Math.min(count, BLOCK - within), length - position);
        System.arraycopy(block, within, buffer, offset, n);
        sha256.update(buffer, offset, n);
        position += n;
        return n;
    }
}
