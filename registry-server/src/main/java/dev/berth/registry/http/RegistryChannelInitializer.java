package dev.berth.registry.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Builds each connection's pipeline: write-stall detection, HTTP codec, expect-continue, dispatcher. */
final class RegistryChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_INITIAL_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 64 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;

    private final Router router;
    private final Executor blocking;
    private final ResponseWriter writer;
    private final Duration idleTimeout;

    RegistryChannelInitializer(Router router, Executor blocking, Duration idleTimeout) {
        this.router = router;
        this.blocking = blocking;
        this.idleTimeout = idleTimeout;
        this.writer = new ResponseWriter(true, idleTimeout);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.config().setAutoRead(false);
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(true, 0, idleTimeout.toSeconds(), 0, TimeUnit.SECONDS))
                .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK))
                .addLast("continue", new HttpServerExpectContinueHandler())
                .addLast("dispatch", new RequestDispatcher(router, blocking, writer, idleTimeout));
    }
}
