package dev.berth.registry.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Optional;

/**
 * Writes a {@link Response} from a handler thread. Blob bodies go out zero-copy from a file
 * channel where storage has one and the connection is plain HTTP; else (TLS, which must encrypt
 * the bytes, or storage without files) they are streamed in 64 KiB chunks, read straight from the
 * file channel where there is one, waiting whenever the socket's outbound buffer is full.
 */
final class ResponseWriter {
    static final String API_VERSION_HEADER = "Docker-Distribution-Api-Version";
    private static final int CHUNK = 64 * 1024;
    private final boolean zeroCopy;
    private final Duration stallTimeout;

    /**
     * @param zeroCopy     whether file-backed blobs may be sent as file regions (plain HTTP only)
     * @param stallTimeout how long a client may leave the socket's buffer full before it is cut off
     */
    ResponseWriter(boolean zeroCopy, Duration stallTimeout) {
        this.zeroCopy = zeroCopy;
        this.stallTimeout = stallTimeout;
    }

    /** Sends the response; the returned future completes when the last content is flushed. */
    ChannelFuture write(ChannelHandlerContext ctx, Response response, boolean head, boolean close) {
        HttpResponse start = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status());
        response.headers().forEach((k, values) -> start.headers().set(k, values));
        start.headers().set(API_VERSION_HEADER, "registry/2.0");
        Response.Body body = response.body();
        start.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length());
        if (body instanceof Response.Bytes bytes) {
            start.headers().set(HttpHeaderNames.CONTENT_TYPE, bytes.contentType());
        } else if (body instanceof Response.Blob blob) {
            start.headers().set(HttpHeaderNames.CONTENT_TYPE, blob.contentType());
        }
        if (close) {
            start.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.write(start);
        if (!head) {
            if (body instanceof Response.Bytes bytes) {
                ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes.content())));
            } else if (body instanceof Response.Blob blob) {
                writeBlob(ctx, blob);
            }
        }
        return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    private void writeBlob(ChannelHandlerContext ctx, Response.Blob blob) {
        Optional<FileChannel> channel = blob.blob().channel();
        if (channel.isPresent() && zeroCopy) {
            ctx.write(new DefaultFileRegion(channel.get(), blob.offset(), blob.length()));
            return;
        }
        try (BlobReader reader = channel.isPresent()
                ? new BlobReader.FromFile(channel.get(), blob.offset())
                : new BlobReader.FromStream(blob.blob().stream(blob.offset()))) {
            long remaining = blob.length();
            while (remaining > 0 && ctx.channel().isActive()) {
                ByteBuf buf = ctx.alloc().buffer((int) Math.min(CHUNK, remaining));
                int n;
                try {
                    n = reader.read(buf);
                } catch (IOException | RuntimeException e) {
                    buf.release();
                    throw e;
                }
                if (n < 0) {
                    buf.release();
                    throw new IOException("blob ended " + remaining + " bytes early");
                }
                remaining -= n;
                ChannelFuture f = ctx.writeAndFlush(new DefaultHttpContent(buf));
                if (!ctx.channel().isWritable() && !f.awaitUninterruptibly(stallTimeout.toMillis())) {
                    throw new IOException("client read nothing for " + stallTimeout.toSeconds() + " s");
                }
            }
        } catch (IOException e) {
            // The status line is gone already: the only honest signal left is a cut connection.
            ctx.close();
            throw new UncheckedIOException(e);
        }
    }
}
