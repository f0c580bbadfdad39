package dev.berth.registry.http;

import dev.berth.registry.error.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request of a connection to a blocking thread, one request at a time, and feeds its
 * body through an {@link InboundBody}. Auto-read is off: the socket is read only when the handler
 * wants more body, or when the connection is idle and ready for its next request.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);
    /** Unread body bytes discarded after an early answer before the connection is closed instead. */
    private static final long DRAIN_LIMIT = 8L * 1024 * 1024;

    private final Router router;
    private final Executor blocking;
    private final ResponseWriter writer;
    private final Duration idleTimeout;
    private final ArrayDeque<HttpObject> inbox = new ArrayDeque<>();
    private InboundBody body;

    RequestDispatcher(Router router, Executor blocking, ResponseWriter writer, Duration idleTimeout) {
        this.router = router;
        this.blocking = blocking;
        this.writer = writer;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        inbox.add((HttpObject) msg);
        pump(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (body != null) {
            body.close();
        }
        inbox.forEach(ReferenceCountUtil::release);
        inbox.clear();
        ctx.fireChannelInactive();
    }

    /**
     * No output progress for the idle timeout: a client that stopped reading a response (such as a
     * zero-copy blob) is cut off; an idle keep-alive connection with nothing to send is left open.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
            var outbound = ctx.channel().unsafe().outboundBuffer();
            if (outbound != null && outbound.totalPendingWriteBytes() > 0) {
                LOG.debug("closing connection from {}: it stopped reading", ctx.channel().remoteAddress());
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error from {}", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    private void pump(ChannelHandlerContext ctx) {
        while (!inbox.isEmpty()) {
            HttpObject next = inbox.peek();
            if (body == null) {
                inbox.poll();
                if (next instanceof HttpRequest request) {
                    start(ctx, request);
                } else {
                    ReferenceCountUtil.release(next);
                }
            } else if (next instanceof HttpContent content && !body.lastOffered()) {
                inbox.poll();
                body.offer(content);
            } else {
                break;
            }
        }
        if (body == null && ctx.channel().isActive()) {
            ctx.read();
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest request) {
        InboundBody current = new InboundBody(() -> ctx.channel().eventLoop().execute(() -> {
            if (body != null && !body.lastOffered()) {
                ctx.read();
            }
        }), idleTimeout);
        body = current;
        long startNanos = System.nanoTime();
        try {
            blocking.execute(() -> handle(ctx, request, current, startNanos));
        } catch (RejectedExecutionException e) {
            current.close();
            respond(ctx, request, current, ErrorResponses.of(ErrorCode.TOOMANYREQUESTS, "server busy", null)
                    .header("Retry-After", 1), startNanos);
        }
    }

    private void handle(ChannelHandlerContext ctx, HttpRequest request, InboundBody current, long startNanos) {
        Response response;
        if (request.decoderResult().isFailure()) {
            current.close();
            response = ErrorResponses.of(ErrorCode.MALFORMED_REQUEST, "malformed HTTP request", null);
        } else {
            try {
                response = router.handle(request, current, remoteAddress(ctx));
            } catch (Throwable e) {
                // An Error must still answer the client, or its connection would hang.
                LOG.error("{} {} failed", request.method(), request.uri(), e);
                response = ErrorResponses.of(ErrorCode.UNKNOWN, "internal error", null);
            }
        }
        respond(ctx, request, current, response, startNanos);
    }

    private void respond(ChannelHandlerContext ctx, HttpRequest request, InboundBody current, Response response,
            long startNanos) {
        // A closed body (the busy path, on the event loop) drains at once without blocking.
        boolean complete = current.fullyRead() || current.drain(DRAIN_LIMIT);
        boolean close = !complete || !HttpUtil.isKeepAlive(request) || request.decoderResult().isFailure();
        boolean head = HttpMethod.HEAD.equals(request.method());
        String remote = remoteAddress(ctx);
        long sent = head ? 0 : response.body().length();
        try {
            writer.write(ctx, response, head, close).addListener(f -> {
                AccessLog.log(remote, request.method().name(), Router.pathOf(request.uri()), response.status().code(),
                        current.received(), sent, (System.nanoTime() - startNanos) / 1_000_000);
                if (close || !f.isSuccess()) {
                    ctx.close();
                }
                ctx.channel().eventLoop().execute(() -> finish(ctx, current));
            });
        } catch (Throwable e) {
            LOG.warn("response to {} {} failed", request.method(), request.uri(), e);
            ctx.close();
            ctx.channel().eventLoop().execute(() -> finish(ctx, current));
        }
    }

    private static String remoteAddress(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "-";
    }

    private void finish(ChannelHandlerContext ctx, InboundBody current) {
        if (body == current) {
            current.discard();
            body = null;
        }
        pump(ctx);
    }
}
