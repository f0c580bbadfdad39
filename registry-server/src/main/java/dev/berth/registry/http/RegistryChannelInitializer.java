package dev.berth.registry.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.time.Duration;
import java.util.concurrent.Executor;

/** Builds each connection's pipeline: HTTP codec, expect-continue, dispatcher. Nothing else. */
final class RegistryChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_INITIAL_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 64 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;

    private final Router router;
    private final Executor blocking;
    private final ResponseWriter writer = new ResponseWriter(true);
    private final Duration idleTimeout;

    RegistryChannelInitializer(Router router, Executor blocking, Duration idleTimeout) {
        this.router = router;
        this.blocking = blocking;
        this.idleTimeout = idleTimeout;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.config().setAutoRead(false);
        ch.pipeline()
                .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK))
                .addLast("continue", new HttpServerExpectContinueHandler())
                .addLast("dispatch", new RequestDispatcher(router, blocking, writer, idleTimeout));
    }
}
