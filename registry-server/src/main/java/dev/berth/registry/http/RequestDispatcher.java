package dev.berth.registry.http;

import dev.berth.registry.config.RegistryConfig.HttpConfig;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.logging.LogText;
import dev.berth.registry.metrics.RouteMeters;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a connection's requests one at a time through routing, the access check and the handler,
 * so that a slow or unauthorized client costs a socket and a little memory, never a handler thread:
 *
 * <ol>
 *   <li>The request head must be complete within {@code http.header-timeout} of the server being
 *       ready for it, or the connection is closed.
 *   <li>Routing runs here on the event loop; the access check runs on {@code accessChecks} (it may
 *       hash a password), before any body is read. Answers that end a request here (refusals, no
 *       such endpoint) are written from the event loop, and the body is thrown away as it arrives.
 *   <li>Only then is {@code 100 Continue} sent to a client that asked for it.
 *   <li>A handler thread is taken once a whole {@link InboundBody#WINDOW} of the body (or all of a
 *       shorter one) has arrived, within {@code http.body-timeout}; after that the handler waits at
 *       most as long for each further window.
 * </ol>
 *
 * Auto-read is off: the socket is read while a request head is awaited, while the body buffer
 * has room, or while an answered request's body is being discarded.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);
    /** Unread body bytes discarded after an answer before the connection is closed instead. */
    private static final long DRAIN_LIMIT = 8L * 1024 * 1024;

    private enum Stage {
        AWAIT_HEAD,
        AUTHORIZING,
        GATHERING,
        HANDLING,
        ANSWERED
    }

    private final Router router;
    private final Executor accessChecks;
    private final Executor handlers;
    private final ResponseWriter writer;
    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final boolean accessLog;
    private final ArrayDeque<HttpObject> inbox = new ArrayDeque<>();
    private final AtomicInteger inProgress;
    private final String scheme;

    private Stage stage = Stage.AWAIT_HEAD;
    private ScheduledFuture<?> timer;
    private HttpRequest request;
    private InboundBody body;
    private Routed.Call call;
    /** The meters of the current request's route; {@code unmatched} until it is routed. */
    private RouteMeters route;

    private long startNanos;
    /** The client asked for {@code 100 Continue} and has not had it, so it may never send the body. */
    private boolean awaitingContinue;

    private boolean written;
    private long discardStart;

    /**
     * @param accessChecks where {@link Router#authorize} runs
     * @param handlers     where endpoints run; a full pool answers 429
     * @param inProgress   requests of all connections between their head and the end of their
     *     exchange, which a graceful shutdown waits for
     * @param scheme       {@code http} or {@code https}: how clients reach this connection
     */
    RequestDispatcher(
            Router router,
            Executor accessChecks,
            Executor handlers,
            ResponseWriter writer,
            HttpConfig limits,
            AtomicInteger inProgress,
            String scheme) {
        this.inProgress = inProgress;
        this.scheme = scheme;
        this.router = router;
        this.accessChecks = accessChecks;
        this.handlers = handlers;
        this.writer = writer;
        this.headerTimeout = limits.headerTimeout();
        this.bodyTimeout = limits.bodyTimeout();
        this.accessLog = limits.accessLog();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        awaitHead(ctx);
        pump(ctx);
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
        cancelTimer();
        if (request != null) {
            request = null;
            inProgress.decrementAndGet();
        }
        if (body != null) {
            body.close();
            // A handler still owns its body; it is released once the handler's response is done.
            if (stage != Stage.HANDLING) {
                body.abandon();
            }
        }
        inbox.forEach(ReferenceCountUtil::release);
        inbox.clear();
        ctx.fireChannelInactive();
    }

    /**
     * No output progress for the idle timeout: a client that stopped reading a response (such as a
     * zero-copy blob) is cut off.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
            var outbound = ctx.channel().unsafe().outboundBuffer();
            if (outbound != null && outbound.totalPendingWriteBytes() > 0) {
                LOG.debug(
                        "closing connection from {}: it stopped reading",
                        ctx.channel().remoteAddress());
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

    /** Moves decoded messages on as far as the current stage allows, then reads if there is room. */
    private void pump(ChannelHandlerContext ctx) {
        while (true) {
            if (stage == Stage.ANSWERED && written && body.lastOffered()) {
                awaitHead(ctx);
            }
            HttpObject next = inbox.peek();
            if (next == null) {
                break;
            }
            if (stage == Stage.AWAIT_HEAD) {
                inbox.poll();
                if (next instanceof HttpRequest head) {
                    start(ctx, head);
                } else {
                    ReferenceCountUtil.release(next);
                }
            } else if (next instanceof HttpContent content && !body.lastOffered()) {
                inbox.poll();
                deliver(ctx, content);
            } else {
                break;
            }
        }
        readIfWanted(ctx);
    }

    private void readIfWanted(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        boolean wanted =
                switch (stage) {
                    case AWAIT_HEAD -> true;
                    case AUTHORIZING -> false;
                    case GATHERING, HANDLING, ANSWERED -> body.wantsMore();
                };
        if (wanted) {
            ctx.read();
        }
    }

    private void awaitHead(ChannelHandlerContext ctx) {
        stage = Stage.AWAIT_HEAD;
        if (request != null) {
            request = null;
            inProgress.decrementAndGet();
        }
        body = null;
        call = null;
        route = null;
        schedule(ctx, headerTimeout, () -> {
            if (stage == Stage.AWAIT_HEAD) {
                LOG.debug(
                        "closing connection from {}: no complete request within {}",
                        ctx.channel().remoteAddress(),
                        headerTimeout);
                ctx.close();
            }
        });
    }

    private void start(ChannelHandlerContext ctx, HttpRequest head) {
        cancelTimer();
        request = head;
        inProgress.incrementAndGet();
        startNanos = System.nanoTime();
        route = router.unmatched();
        written = false;
        InboundBody current = new InboundBody(() -> ctx.executor().execute(() -> readIfWanted(ctx)), bodyTimeout);
        body = current;
        awaitingContinue = HttpUtil.is100ContinueExpected(head);
        if (head.decoderResult().isFailure()) {
            answer(ctx, ErrorResponses.of(ErrorCode.MALFORMED_REQUEST, "malformed HTTP request", null), true);
            return;
        }
        if (unsupportedExpectation(head)) {
            answer(ctx, Response.of(HttpResponseStatus.EXPECTATION_FAILED), true);
            return;
        }
        Routed routed = router.route(head, current, remoteAddress(ctx), scheme);
        route = routed.route();
        if (routed instanceof Routed.Answer answer) {
            answer(ctx, answer.response(), false);
            return;
        }
        Routed.Call routedCall = (Routed.Call) routed;
        call = routedCall;
        stage = Stage.AUTHORIZING;
        try {
            accessChecks.execute(() -> {
                Optional<Response> refusal = router.authorize(routedCall);
                ctx.executor().execute(() -> authorized(ctx, current, refusal));
            });
        } catch (RejectedExecutionException e) {
            answer(ctx, busy(), false);
        }
    }

    private void authorized(ChannelHandlerContext ctx, InboundBody current, Optional<Response> refusal) {
        if (body != current || stage != Stage.AUTHORIZING || !ctx.channel().isActive()) {
            return;
        }
        if (refusal.isPresent()) {
            answer(ctx, refusal.get(), false);
        } else {
            if (awaitingContinue && !current.lastOffered()) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
            }
            awaitingContinue = false;
            stage = Stage.GATHERING;
            if (current.ready()) {
                dispatch(ctx);
            } else {
                schedule(ctx, bodyTimeout, () -> {
                    if (body == current && stage == Stage.GATHERING) {
                        answer(
                                ctx,
                                ErrorResponses.of(
                                        ErrorCode.BLOB_UPLOAD_INVALID,
                                        "request body incomplete: less than " + InboundBody.WINDOW / 1024
                                                + " KiB arrived in " + bodyTimeout.toSeconds() + " s",
                                        null),
                                true);
                        pump(ctx);
                    }
                });
            }
        }
        pump(ctx);
    }

    private void deliver(ChannelHandlerContext ctx, HttpContent content) {
        body.offer(content);
        if (stage == Stage.GATHERING && body.ready()) {
            dispatch(ctx);
        } else if (stage == Stage.ANSWERED && body.received() - discardStart > DRAIN_LIMIT) {
            ctx.close();
        }
    }

    private void dispatch(ChannelHandlerContext ctx) {
        cancelTimer();
        stage = Stage.HANDLING;
        HttpRequest head = request;
        InboundBody current = body;
        Routed.Call routedCall = call;
        long started = startNanos;
        try {
            handlers.execute(() -> {
                Response response;
                routedCall.route().handling();
                try {
                    response = router.handle(routedCall);
                } catch (Throwable e) {
                    // An Error must still answer the client, or its connection would hang.
                    LOG.error("{} {} failed", LogText.escape(head.method()), LogText.escape(head.uri()), e);
                    response = ErrorResponses.of(ErrorCode.UNKNOWN, "internal error", null);
                } finally {
                    routedCall.route().handled();
                }
                write(
                        ctx,
                        head,
                        current,
                        routedCall,
                        routedCall.route(),
                        response,
                        mustClose(head, current, false),
                        started);
            });
        } catch (RejectedExecutionException e) {
            answer(ctx, busy(), false);
        }
    }

    /** Event loop: answers the current request without a handler; the rest of its body is thrown away. */
    private void answer(ChannelHandlerContext ctx, Response response, boolean close) {
        cancelTimer();
        stage = Stage.ANSWERED;
        body.abandon();
        discardStart = body.received();
        write(
                ctx,
                request,
                body,
                call,
                route,
                response,
                close || mustClose(request, body, awaitingContinue),
                startNanos);
    }

    /**
     * Whether the connection must close after this response rather than skip the rest of the body
     * and take the next request: it cannot be kept when the client may never send the body (it
     * waits for a 100 Continue it will not get), was too slow, or declared more than is worth
     * discarding.
     */
    private static boolean mustClose(HttpRequest head, InboundBody current, boolean continueWithheld) {
        if (head.decoderResult().isFailure() || !HttpUtil.isKeepAlive(head) || current.failed()) {
            return true;
        }
        long declared = HttpUtil.getContentLength(head, -1L);
        if (current.lastOffered() || (declared <= 0 && !HttpUtil.isTransferEncodingChunked(head))) {
            return false;
        }
        return continueWithheld || declared - current.received() > DRAIN_LIMIT;
    }

    /**
     * Any thread: writes the response, then logs and counts the request; the event loop then goes
     * on with the connection.
     *
     * @param routed the call, when the request got as far as one (it names the user and repository)
     */
    private void write(
            ChannelHandlerContext ctx,
            HttpRequest head,
            InboundBody current,
            Routed.Call routed,
            RouteMeters meters,
            Response response,
            boolean close,
            long started) {
        boolean isHead = HttpMethod.HEAD.equals(head.method());
        String remote = remoteAddress(ctx);
        long sent = isHead ? 0 : response.body().length();
        try {
            writer.write(ctx, response, isHead, close).addListener(f -> {
                long nanos = System.nanoTime() - started;
                int status = response.status().code();
                meters.record(head.method().name(), status, nanos, current.received(), sent);
                if (accessLog) {
                    AccessLog.log(new AccessLog.Entry(
                            remote,
                            head.method().name(),
                            Router.pathOf(head.uri()),
                            meters.template(),
                            status,
                            current.received(),
                            sent,
                            nanos / 1_000_000,
                            routed == null
                                    ? null
                                    : routed.exchange().principal().account(),
                            routed == null || routed.exchange().repository() == null
                                    ? null
                                    : routed.exchange().repository().value()));
                }
                ctx.executor().execute(() -> written(ctx, current, close || !f.isSuccess()));
            });
        } catch (Throwable e) {
            LOG.warn("response to {} {} failed", LogText.escape(head.method()), LogText.escape(head.uri()), e);
            ctx.executor().execute(() -> written(ctx, current, true));
        }
    }

    private void written(ChannelHandlerContext ctx, InboundBody current, boolean close) {
        current.abandon();
        if (close) {
            ctx.close();
            return;
        }
        if (body != current) {
            return;
        }
        if (stage != Stage.ANSWERED) {
            stage = Stage.ANSWERED;
            discardStart = current.received();
        }
        written = true;
        if (!current.lastOffered()) {
            schedule(ctx, bodyTimeout, () -> {
                if (body == current) {
                    LOG.debug(
                            "closing connection from {}: unread request body",
                            ctx.channel().remoteAddress());
                    ctx.close();
                }
            });
        }
        pump(ctx);
    }

    /** An {@code Expect} header other than {@code 100-continue}: answered 417, as RFC 9110 says. */
    private static boolean unsupportedExpectation(HttpRequest head) {
        String expect = head.headers().get(HttpHeaderNames.EXPECT);
        return expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim());
    }

    private static Response busy() {
        return ErrorResponses.of(ErrorCode.TOOMANYREQUESTS, "server busy", null).header("Retry-After", 1);
    }

    private void schedule(ChannelHandlerContext ctx, Duration delay, Runnable task) {
        cancelTimer();
        timer = ctx.executor().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static String remoteAddress(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : "-";
    }
}
