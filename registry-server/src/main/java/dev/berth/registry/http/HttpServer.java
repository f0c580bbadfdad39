package dev.berth.registry.http;

import dev.berth.registry.auth.Auth;
import dev.berth.registry.content.Registry;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty server: event loops for the sockets, a pool of blocking threads for handlers (storage
 * calls never run on an event loop), and graceful shutdown.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** Handler threads; each request in progress holds one, most of them waiting on the network. */
    private static final int MAX_HANDLER_THREADS = 512;
    private static final Duration BODY_IDLE_TIMEOUT = Duration.ofSeconds(120);

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup();
    private final ThreadPoolExecutor handlers;
    private final Registry registry;
    private final HealthHandler health;
    private final Channel channel;

    private HttpServer(InetSocketAddress address, Registry registry, Auth auth, String externalBase,
            GarbageCollector collector, GcOptions gcDefaults) throws InterruptedException {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "berth-handler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        handlers = new ThreadPoolExecutor(0, MAX_HANDLER_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
        this.registry = registry;
        health = new HealthHandler(registry.probe()::check, HealthHandler.PROBE_TIMEOUT, HealthHandler.REUSE_FOR);
        try {
            channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new RegistryChannelInitializer(RegistryRoutes.build(registry, auth, externalBase,
                            new AdminHandler(collector, gcDefaults), health), handlers, BODY_IDLE_TIMEOUT))
                    .bind(address).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            // Nothing listens: release the threads, or they keep an embedding JVM alive.
            stopThreads();
            throw e;
        }
    }

    /**
     * @param externalBase the registry's URL as clients see it (for auth challenges), or null to
     *     take it from each request's {@code Host} header
     * @param collector    runs garbage collection for {@code POST /admin/gc}, with {@code gcDefaults}
     */
    public static HttpServer start(InetSocketAddress address, Registry registry, Auth auth, String externalBase,
            GarbageCollector collector, GcOptions gcDefaults) throws InterruptedException {
        return new HttpServer(address, registry, auth, externalBase, collector, gcDefaults);
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
        while (handlers.getActiveCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopThreads();
        try {
            registry.probe().remove();
        } catch (RuntimeException e) {
            LOG.debug("could not remove the readiness probe's object", e);
        }
    }

    private void stopThreads() {
        health.close();
        handlers.shutdownNow();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }
}
