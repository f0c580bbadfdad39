package dev.berth.registry.http;

import dev.berth.registry.config.RegistryConfig.HttpConfig;
import dev.berth.registry.http.tls.ServerTls;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds each connection's pipeline: TLS (when configured, with the context current as the
 * connection opens), write-stall detection, HTTP codec, dispatcher (which also answers
 * {@code Expect: 100-continue}, once the request may go ahead).
 */
final class RegistryChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_INITIAL_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 64 * 1024;
    /** Body bytes one read from the socket takes at most; the decoder hands them on as one chunk. */
    static final int MAX_READ = 128 * 1024;

    private final Router router;
    private final Executor accessChecks;
    private final Executor handlers;
    private final ResponseWriter writer;
    private final Duration stallTimeout;
    private final HttpConfig limits;
    private final AtomicInteger inProgress;
    private final Optional<ServerTls> tls;

    /**
     * @param stallTimeout how long a client may leave a response unread before it is cut off
     * @param inProgress   counts requests between their head and the end of their exchange
     * @param tls          present: HTTPS
     */
    RegistryChannelInitializer(
            Router router,
            Executor accessChecks,
            Executor handlers,
            Duration stallTimeout,
            HttpConfig limits,
            AtomicInteger inProgress,
            Optional<ServerTls> tls) {
        this.inProgress = inProgress;
        this.router = router;
        this.accessChecks = accessChecks;
        this.handlers = handlers;
        this.stallTimeout = stallTimeout;
        this.limits = limits;
        this.tls = tls;
        // Encryption needs the bytes in memory: under TLS, blobs are streamed rather than sent zero-copy.
        this.writer = new ResponseWriter(tls.isEmpty(), stallTimeout);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.config().setAutoRead(false);
        ch.config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ));
        tls.ifPresent(t -> ch.pipeline().addLast("tls", t.context().newHandler(ch.alloc())));
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(true, 0, stallTimeout.toSeconds(), 0, TimeUnit.SECONDS))
                .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_READ))
                .addLast(
                        "dispatch",
                        new RequestDispatcher(
                                router,
                                accessChecks,
                                handlers,
                                writer,
                                limits,
                                inProgress,
                                tls.isPresent() ? "https" : "http"));
    }
}
