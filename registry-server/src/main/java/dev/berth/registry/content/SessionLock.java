package dev.berth.registry.content;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the requests of one upload session in this process, the newest first: a request that
 * arrives while an older one is still receiving its body cancels that body. So a client that
 * stalls in the middle of a chunk holds the session only until the next request for it, not for
 * the body timeout; the superseded request fails and none of its bytes are committed. A request
 * that is past its body (writing to storage) is not interrupted: the newer one waits for it.
 */
final class SessionLock {
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong arrivals = new AtomicLong();
    private volatile Receiving receiving;
    private volatile long turns;

    /** The body of the request holding the lock, and whether a newer request cancelled it. */
    private static final class Receiving {
        final ChunkSource body;
        volatile boolean superseded;

        Receiving(ChunkSource body) {
            this.body = body;
        }

        void supersede() {
            superseded = true;
            body.cancel();
        }
    }

    /**
     * How many requests have had the session in this process: what a request read of the session
     * while this was {@code n} is what requests of this process left it as, as long as it is still
     * {@code n}.
     */
    long turns() {
        return turns;
    }

    /** Runs {@code work}, which reads {@code body}, alone on the session. */
    <T> T run(ChunkSource body, Supplier<T> work) {
        long ticket = arrivals.incrementAndGet();
        Receiving older = receiving;
        if (older != null) {
            older.supersede();
        }
        lock.lock();
        Receiving mine = new Receiving(body);
        try {
            receiving = mine;
            // A newer request may have looked for the body before it was published.
            if (arrivals.get() != ticket) {
                mine.supersede();
            }
            return work.get();
        } catch (UncheckedIOException e) {
            if (mine.superseded) {
                throw new RegistryException(
                        ErrorCode.BLOB_UPLOAD_INVALID,
                        "a newer request for this upload superseded this one; its bytes were dropped");
            }
            throw e;
        } finally {
            turns++;
            receiving = null;
            lock.unlock();
        }
    }
}
