package dev.berth.registry.http;

import dev.berth.registry.content.ChunkSource;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * A request body handed from the event loop to the handler thread.
 *
 * <p>The event loop offers chunks as they are decoded and reads from the socket only while less
 * than {@link #READ_AHEAD} bytes wait here, so memory per connection stays bounded and a slow disk
 * slows the client down. The handler takes everything that waits at once, as one batch, so that a
 * fast client costs one hand-over and one gathering write per batch rather than per network read.
 * A handler that has used up what arrived waits until a whole {@link #WINDOW} (or the rest of the
 * body) is there, at most {@code windowTimeout}: a client trickling bytes cannot keep a handler
 * thread waiting longer than that for each 64 KiB it sends. The dispatcher applies the same rule
 * before a handler thread is taken at all.
 */
public final class InboundBody implements ChunkSource {
    /** Bytes that must arrive within the window timeout, before a handler starts or goes on. */
    static final int WINDOW = 64 * 1024;
    /** Bytes the event loop buffers ahead of the handler; a batch is at most this plus one read. */
    static final int READ_AHEAD = 256 * 1024;

    private final ArrayDeque<HttpContent> queue = new ArrayDeque<>();
    private final Runnable readMore;
    private final Duration windowTimeout;
    private int buffered;
    private long offered;
    private boolean lastOffered;
    private boolean closed;
    private boolean abandoned;
    private boolean failed;
    private boolean lastTaken;
    /** The event loop stopped reading because {@link #READ_AHEAD} bytes wait: taking them must restart it. */
    private boolean readPaused;

    /**
     * @param readMore asks the event loop to read again, after {@link #wantsMore()} said no because
     *     the buffer was full (any thread)
     */
    InboundBody(Runnable readMore, Duration windowTimeout) {
        this.readMore = readMore;
        this.windowTimeout = windowTimeout;
    }

    /** Event loop: takes ownership of {@code content}; released at once if nobody will read it. */
    synchronized void offer(HttpContent content) {
        offered += content.content().readableBytes();
        lastOffered |= content instanceof LastHttpContent;
        if (abandoned) {
            content.release();
            return;
        }
        buffered += content.content().readableBytes();
        queue.add(content);
        if (ready()) {
            notifyAll();
        }
    }

    /** Event loop: the connection is gone; wake the handler. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /**
     * Event loop, once the response is decided: nobody reads further, what arrives from now on is
     * thrown away (see {@link #offer}).
     */
    synchronized void abandon() {
        abandoned = true;
        release();
    }

    /** Any thread: a newer request took over; the handler stops reading as if the client had gone. */
    @Override
    public void cancel() {
        close();
    }

    /** Every byte of the body has arrived from the client (it may not have been read). */
    synchronized boolean lastOffered() {
        return lastOffered;
    }

    /** A whole window, or the rest of the body, is here: a handler can start without waiting. */
    synchronized boolean ready() {
        return lastOffered || closed || buffered >= WINDOW;
    }

    /**
     * Event loop: it should read from the socket for this body. When not, because enough is
     * buffered, the handler asks it to read again once it has taken what waits; while the event
     * loop goes on reading, the handler need not wake it.
     */
    synchronized boolean wantsMore() {
        boolean open = !lastOffered && !closed;
        boolean wants = open && (abandoned || buffered < READ_AHEAD);
        readPaused = open && !wants;
        return wants;
    }

    /** The client was too slow or went away while a handler waited: its connection is of no further use. */
    synchronized boolean failed() {
        return failed;
    }

    /** Bytes received from the client so far, whether read or discarded. */
    synchronized long received() {
        return offered;
    }

    @Override
    public void forEachBatch(Consumer<ByteBuffer[]> sink) {
        while (!lastTaken) {
            HttpContent[] batch = takeAll();
            try {
                List<ByteBuffer> buffers = new ArrayList<>(batch.length);
                for (HttpContent chunk : batch) {
                    if (chunk.decoderResult().isFailure()) {
                        throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "malformed request body");
                    }
                    if (chunk.content().isReadable()) {
                        Collections.addAll(buffers, chunk.content().nioBuffers());
                    }
                }
                // Recorded before the sink runs: a sink that refuses the batch still consumed it.
                lastTaken = batch[batch.length - 1] instanceof LastHttpContent;
                if (!buffers.isEmpty()) {
                    sink.accept(buffers.toArray(new ByteBuffer[0]));
                }
            } finally {
                for (HttpContent chunk : batch) {
                    chunk.release();
                }
            }
        }
    }

    /** Handler thread: the whole body, refused with {@code tooLarge} (a 413) beyond {@code max} bytes. */
    public byte[] readAll(int max, ErrorCode tooLarge) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        forEachBatch(batch -> {
            for (ByteBuffer b : batch) {
                if (out.size() + b.remaining() > max) {
                    throw new RegistryException(tooLarge, "body exceeds " + max + " bytes");
                }
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.writeBytes(bytes);
            }
        });
        return out.toByteArray();
    }

    /** Releases chunks nobody will read. */
    private synchronized void release() {
        for (HttpContent c; (c = queue.poll()) != null; ) {
            c.release();
        }
        buffered = 0;
    }

    /** Handler thread: everything that waits, after waiting for a window when nothing does. */
    private HttpContent[] takeAll() {
        HttpContent[] batch;
        boolean more;
        synchronized (this) {
            if (queue.isEmpty()) {
                waitForWindow();
            }
            batch = queue.toArray(new HttpContent[0]);
            queue.clear();
            buffered = 0;
            more = restartReading();
        }
        if (more) {
            readMore.run();
        }
        return batch;
    }

    /** Whether the event loop paused reading for want of room, which there is again now. */
    private boolean restartReading() {
        boolean paused = readPaused && !lastOffered && !closed;
        readPaused = false;
        return paused;
    }

    private void waitForWindow() {
        if (restartReading()) {
            readMore.run();
        }
        long deadline = System.nanoTime() + windowTimeout.toNanos();
        try {
            while (!ready()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    failed = true;
                    throw new UncheckedIOException(new IOException(
                            "client sent less than " + WINDOW / 1024 + " KiB in " + windowTimeout.toSeconds() + " s"));
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = true;
            throw new UncheckedIOException(new IOException("interrupted while waiting for the request body"));
        }
        if (queue.isEmpty()) {
            failed = true;
            throw new UncheckedIOException(new IOException("client closed the connection"));
        }
    }
}
