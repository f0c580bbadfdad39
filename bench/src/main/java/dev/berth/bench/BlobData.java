package dev.berth.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Blob contents that cost the load client next to nothing: every blob is a random pattern generated
 * once, repeated, and ends in a trailer unique to it. The digest of the repeated part is computed
 * once per blob size; each blob then costs a copy of that digest state and 32 more bytes, and its
 * bytes go to the socket straight from the one pattern buffer.
 */
final class BlobData {
    static final int TRAILER = 32;
    private static final int PATTERN = 1 << 20;

    private final ByteBuffer pattern;
    private final byte[] nonce = new byte[8];
    private final AtomicLong counter = new AtomicLong();
    private final Map<Long, MessageDigest> prefixes = new ConcurrentHashMap<>();

    BlobData(long seed) {
        Random random = new Random(seed);
        byte[] bytes = new byte[PATTERN];
        random.nextBytes(bytes);
        pattern = ByteBuffer.allocateDirect(PATTERN).put(bytes).flip().asReadOnlyBuffer();
        new Random().nextBytes(nonce);
    }

    /** A blob of {@code size} bytes (at least {@link #TRAILER}) that no other call returns. */
    Blob next(long size) {
        if (size < TRAILER) {
            throw new IllegalArgumentException("a blob needs at least " + TRAILER + " bytes");
        }
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER).put(nonce).putLong(counter.incrementAndGet());
        trailer.put("berth-bench-blob".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        MessageDigest digest = copy(prefixes.computeIfAbsent(size, this::prefixDigest));
        digest.update(trailer.array());
        return new Blob(size, trailer.array(), "sha256:" + HexFormat.of().formatHex(digest.digest()));
    }

    /** Bytes {@code from} (inclusive) to {@code to} (exclusive) of {@code blob}, as a request body. */
    Body body(Blob blob, long from, long to) {
        return new Body() {
            @Override
            public long length() {
                return to - from;
            }

            @Override
            public void writeTo(WritableByteChannel channel) throws IOException {
                write(blob, from, to, channel);
            }
        };
    }

    Body body(Blob blob) {
        return body(blob, 0, blob.size());
    }

    private void write(Blob blob, long from, long to, WritableByteChannel channel) throws IOException {
        long patternEnd = Math.min(to, blob.size() - TRAILER);
        long at = from;
        while (at < patternEnd) {
            int offset = (int) (at % PATTERN);
            int n = (int) Math.min(PATTERN - offset, patternEnd - at);
            ByteBuffer slice = pattern.duplicate().limit(offset + n).position(offset);
            while (slice.hasRemaining()) {
                channel.write(slice);
            }
            at += n;
        }
        if (at < to) {
            int offset = (int) (at - (blob.size() - TRAILER));
            ByteBuffer tail = ByteBuffer.wrap(blob.trailer(), offset, (int) (to - at));
            while (tail.hasRemaining()) {
                channel.write(tail);
            }
        }
    }

    /** The SHA-256 state after the pattern part of a blob of {@code size} bytes. */
    private MessageDigest prefixDigest(long size) {
        MessageDigest digest = sha256();
        byte[] chunk = new byte[PATTERN];
        pattern.duplicate().get(chunk);
        long left = size - TRAILER;
        while (left > 0) {
            int n = (int) Math.min(PATTERN, left);
            digest.update(chunk, 0, n);
            left -= n;
        }
        return digest;
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
