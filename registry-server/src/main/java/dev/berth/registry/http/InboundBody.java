package dev.berth.registry.http;

import dev.berth.registry.content.ChunkSource;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A request body handed from the event loop to the handler thread. The event loop offers chunks
 * as they are decoded; the handler takes them one by one and asks for the next socket read only
 * when it has run out, so a slow disk slows the client down instead of filling memory.
 */
final class InboundBody implements ChunkSource {
    private static final HttpContent CLOSED = new DefaultLastHttpContent();

    private final LinkedBlockingQueue<HttpContent> queue = new LinkedBlockingQueue<>();
    private final Runnable readMore;
    private final Duration idleTimeout;
    private volatile boolean lastOffered;
    private boolean lastTaken;
    private long received;

    InboundBody(Runnable readMore, Duration idleTimeout) {
        this.readMore = readMore;
        this.idleTimeout = idleTimeout;
    }

    /** Event loop: takes ownership of {@code content}. */
    void offer(HttpContent content) {
        if (content instanceof LastHttpContent) {
            lastOffered = true;
        }
        queue.add(content);
    }

    /** Event loop: the connection is gone, wake the handler. */
    void close() {
        lastOffered = true;
        queue.add(CLOSED);
    }

    /** Any thread: a newer request took over; the handler stops reading as if the client had gone. */
    @Override
    public void cancel() {
        close();
    }

    boolean lastOffered() {
        return lastOffered;
    }

    /** Handler thread: true when the whole body has been consumed. */
    boolean fullyRead() {
        return lastTaken;
    }

    long received() {
        return received;
    }

    @Override
    public void forEachChunk(Consumer<ByteBuffer> sink) {
        while (!lastTaken) {
            HttpContent chunk = take();
            try {
                if (chunk.decoderResult().isFailure()) {
                    throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "malformed request body");
                }
                ByteBuf content = chunk.content();
                received += content.readableBytes();
                // Recorded before the sink runs: a sink that refuses the chunk still consumed it.
                lastTaken = chunk instanceof LastHttpContent;
                if (content.isReadable()) {
                    for (ByteBuffer b : content.nioBuffers()) {
                        sink.accept(b);
                    }
                }
            } finally {
                chunk.release();
            }
        }
    }

    /** Handler thread: the whole body, refused with {@code tooLarge} (a 413) beyond {@code max} bytes. */
    byte[] readAll(int max, ErrorCode tooLarge) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        forEachChunk(b -> {
            if (out.size() + b.remaining() > max) {
                throw new RegistryException(tooLarge, "body exceeds " + max + " bytes");
            }
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            out.writeBytes(bytes);
        });
        return out.toByteArray();
    }

    /** Handler thread: discards up to {@code max} unread bytes; true when the body is then complete. */
    boolean drain(long max) {
        long start = received;
        try {
            while (!lastTaken && received - start <= max) {
                HttpContent chunk = take();
                received += chunk.content().readableBytes();
                lastTaken = chunk instanceof LastHttpContent;
                chunk.release();
            }
        } catch (UncheckedIOException e) {
            return false;
        }
        return lastTaken;
    }

    /** Releases chunks nobody will read. */
    void discard() {
        for (HttpContent c; (c = queue.poll()) != null; ) {
            if (c != CLOSED) {
                c.release();
            }
        }
    }

    private HttpContent take() {
        HttpContent chunk = queue.poll();
        if (chunk == null) {
            readMore.run();
            try {
                chunk = queue.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (chunk == null) {
            throw new UncheckedIOException(new IOException("client sent no data for " + idleTimeout.toSeconds() + " s"));
        }
        if (chunk == CLOSED) {
            queue.add(CLOSED);
            throw new UncheckedIOException(new IOException("client closed the connection"));
        }
        return chunk;
    }
}
