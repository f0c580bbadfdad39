package dev.berth.storage.s3;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * The bytes of an upload not yet in a part: at most one part. It starts small and doubles up to
 * the part size, so an upload of a few KiB does not cost a whole part of memory.
 */
final class PartBuffer {

    /** Fills {@code count} bytes of {@code array} from {@code offset}. */
    interface Filler {
        void fill(byte[] array, int offset);
    }

    private static final int INITIAL = 64 * 1024;

    private byte[] bytes = new byte[0];
    private int size;
    private long capacityLimit = Integer.MAX_VALUE - 8;

    int size() {
        return size;
    }

    /** The buffer never grows beyond this (the part size), unless more bytes are put in. */
    void limitCapacity(long limit) {
        capacityLimit = limit;
    }

    /** Appends {@code count} bytes from {@code src}. */
    void append(ByteBuffer src, int count) {
        ensureCapacity(size + count);
        src.get(bytes, size, count);
        size += count;
    }

    /** Puts {@code count} bytes that {@code filler} supplies before the bytes held. */
    void prepend(int count, Filler filler) {
        ensureCapacity(size + count);
        System.arraycopy(bytes, 0, bytes, count, size);
        filler.fill(bytes, 0);
        size += count;
    }

    void clear() {
        size = 0;
    }

    /** Drops the memory too; the buffer is empty afterwards. */
    void release() {
        bytes = new byte[0];
        size = 0;
    }

    /**
     * A request body over the bytes held, without copying them; the SDK may read it more than once
     * (retries), so the buffer must not change until the request returns.
     */
    RequestBody body() {
        byte[] b = bytes;
        int n = size;
        ContentStreamProvider provider = () -> new ByteArrayInputStream(b, 0, n);
        return RequestBody.fromContentProvider(provider, n, "application/octet-stream");
    }

    private void ensureCapacity(int needed) {
        if (needed < 0) {
            throw new IllegalStateException("part buffer beyond 2 GiB");
        }
        if (needed > bytes.length) {
            long grown = Math.min(Math.max(INITIAL, 2L * bytes.length), capacityLimit);
            byte[] larger = new byte[(int) Math.max(grown, needed)];
            System.arraycopy(bytes, 0, larger, 0, size);
            bytes = larger;
        }
    }
}
