package dev.berth.registry.http;

import dev.berth.registry.config.RegistryConfig.HttpConfig;
import dev.berth.registry.http.tls.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Netty server: event loops for the sockets, a small pool for access checks (a password check
 * may take a bcrypt hash), a pool of blocking threads for handlers (storage calls never run on an
 * event loop), plain HTTP or HTTPS, and graceful shutdown.
 */
public final class HttpServer implements AutoCloseable {
    /**
     * Handler threads; each request in progress holds one, also while it waits for its body. The
     * dispatcher hands a request over only once its client has proved it sends at a useful rate.
     */
    private static final int MAX_HANDLER_THREADS = 512;
    /** Access checks waiting for a thread before further requests are answered 429. */
    private static final int ACCESS_CHECK_QUEUE = 4096;
    /** How long a client may leave a response unread before it is cut off. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup();
    private final ThreadPoolExecutor handlers;
    private final ThreadPoolExecutor accessChecks;
    /** Requests past their head and not yet answered, on any connection. */
    private final AtomicInteger inProgress = new AtomicInteger();

    private final Channel channel;

    private HttpServer(InetSocketAddress address, Router router, HttpConfig limits, Optional<ServerTls> tls)
            throws InterruptedException {
        handlers = new ThreadPoolExecutor(
                0, MAX_HANDLER_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads("berth-handler-"));
        int checkers = Math.max(2, Runtime.getRuntime().availableProcessors());
        accessChecks = new ThreadPoolExecutor(
                checkers,
                checkers,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(ACCESS_CHECK_QUEUE),
                threads("berth-auth-"));
        accessChecks.allowCoreThreadTimeOut(true);
        // Letting everyone in is pure computation: no need to leave the event loop for it.
        Executor checks = router.letsEveryoneIn() ? Runnable::run : accessChecks;
        try {
            channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new RegistryChannelInitializer(
                            router, checks, handlers, STALL_TIMEOUT, limits, inProgress, tls))
                    .bind(address)
                    .sync()
                    .channel();
        } catch (RuntimeException | InterruptedException e) {
            // Nothing listens: release the threads, or they keep an embedding JVM alive.
            stopThreads();
            throw e;
        }
    }

    /**
     * Plain HTTP.
     *
     * @param router the endpoints to serve, with their access rules
     * @param limits how long clients may take to send their requests
     */
    public static HttpServer start(InetSocketAddress address, Router router, HttpConfig limits)
            throws InterruptedException {
        return new HttpServer(address, router, limits, Optional.empty());
    }

    /**
     * @param tls when present, every connection speaks HTTPS with the context that is current
     *     when it opens
     */
    public static HttpServer start(InetSocketAddress address, Router router, HttpConfig limits, Optional<ServerTls> tls)
            throws InterruptedException {
        return new HttpServer(address, router, limits, tls);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Stops accepting, waits up to {@code grace} for requests in progress, then closes everything.
     */
    public void shutdown(Duration grace) {
        channel.close().awaitUninterruptibly();
        long deadline = System.nanoTime() + grace.toNanos();
        while ((inProgress.get() > 0 || handlers.getActiveCount() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopThreads();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void stopThreads() {
        handlers.shutdownNow();
        accessChecks.shutdownNow();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }
}
