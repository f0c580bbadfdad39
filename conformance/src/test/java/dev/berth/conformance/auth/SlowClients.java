package dev.berth.conformance.auth;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections that send their requests so slowly they never finish, all on one selector thread:
 * some send a whole request head declaring a {@value #DECLARED_BODY}-byte body and then one body
 * byte a second, the others send a request head one byte a second (ending in a header that never
 * ends). Each connection is opened once;
 * what the server answers is read and thrown away, and a connection the server closes stays closed.
 * {@link #close()} closes every socket.
 */
final class SlowClients implements AutoCloseable {
    static final int DECLARED_BODY = 100_000;
    private static final int OPEN_PER_STEP = 100;
    private static final long STEP_NANOS = Duration.ofMillis(50).toNanos();
    private static final long TICK_NANOS = Duration.ofSeconds(1).toNanos();

    /**
     * One slow connection: {@code start} goes out at once, then a byte a second: those of
     * {@code then}, followed by {@code trickle} for ever.
     */
    private static final class Slot {
        final boolean slowBody;
        final byte[] start;
        final byte[] then;
        final byte trickle;
        int next;
        long connectedAt;
        SocketChannel channel;
        boolean connected;
        boolean closed;

        Slot(boolean slowBody, byte[] start, byte[] then, byte trickle) {
            this.slowBody = slowBody;
            this.start = start;
            this.then = then;
            this.trickle = trickle;
        }

        byte nextByte() {
            return next < then.length ? then[next++] : trickle;
        }
    }

    private final InetSocketAddress server;
    private final List<Slot> slots = new ArrayList<>();
    private final Selector selector;
    private final Thread loop;
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final AtomicInteger closedBodies = new AtomicInteger();
    private final AtomicInteger closedHeads = new AtomicInteger();
    /** How long after connecting each connection the server closed was closed. */
    private final Queue<Duration> closeAges = new ConcurrentLinkedQueue<>();

    private volatile long firstConnectedNanos;
    private volatile boolean stopping;
    private volatile Throwable failure;

    /**
     * @param bodyPath where the slow bodies go, e.g. a monolithic blob upload
     */
    private SlowClients(URI base, String bodyPath, int bodies, int heads) throws IOException {
        this.server = new InetSocketAddress(base.getHost(), base.getPort());
        String host = base.getHost() + ":" + base.getPort();
        byte[] bodyHead = ("POST " + bodyPath + " HTTP/1.1\r\nHost: " + host
                        + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + DECLARED_BODY
                        + "\r\n\r\nx")
                .getBytes(StandardCharsets.US_ASCII);
        // A header that never ends: the head stays incomplete however long the test runs.
        byte[] slowHead = ("ET /v2/ HTTP/1.1\r\nHost: " + host + "\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII);
        int pairs = Math.min(bodies, heads);
        for (int i = 0; i < bodies + heads; i++) {
            // Interleaved, so that both kinds are open from the first moment on.
            boolean slowBody = i < 2 * pairs ? i % 2 == 0 : bodies > heads;
            slots.add(
                    slowBody
                            ? new Slot(true, bodyHead, new byte[0], (byte) 'x')
                            : new Slot(false, new byte[] {'G'}, slowHead, (byte) 'a'));
        }
        this.selector = Selector.open();
        this.loop = new Thread(this::run, "slow-clients");
        loop.setDaemon(true);
    }

    /** Starts opening {@code bodies} slow-body and {@code heads} slow-head connections to {@code base}. */
    static SlowClients open(URI base, String bodyPath, int bodies, int heads) throws IOException {
        SlowClients clients = new SlowClients(base, bodyPath, bodies, heads);
        clients.loop.start();
        return clients;
    }

    int size() {
        return slots.size();
    }

    /** Connections established so far (closed ones included). */
    int connected() {
        return connected.get();
    }

    /** Connections the server has closed (or reset) so far. */
    int closedByServer() {
        return closedByServer.get();
    }

    int closedBodies() {
        return closedBodies.get();
    }

    int closedHeads() {
        return closedHeads.get();
    }

    /** {@link System#nanoTime()} when the first connection was established. */
    long firstConnectedNanos() {
        return firstConnectedNanos;
    }

    /** The shortest time after its connection was established that the server closed one; empty if none. */
    Optional<Duration> shortestLife() {
        return closeAges.stream().min(Duration::compareTo);
    }

    /** Whatever broke the selector loop, or null. */
    Throwable failure() {
        return failure;
    }

    private void run() {
        ByteBuffer sink = ByteBuffer.allocate(16 * 1024);
        int opened = 0;
        long nextOpen = System.nanoTime();
        long nextTick = System.nanoTime() + TICK_NANOS;
        try {
            while (!stopping) {
                long now = System.nanoTime();
                if (opened < slots.size() && now >= nextOpen) {
                    for (int n = 0; n < OPEN_PER_STEP && opened < slots.size(); n++, opened++) {
                        connect(slots.get(opened));
                    }
                    nextOpen = now + STEP_NANOS;
                }
                if (now >= nextTick) {
                    for (Slot slot : slots) {
                        if (slot.connected && !slot.closed) {
                            send(slot, ByteBuffer.wrap(new byte[] {slot.nextByte()}));
                        }
                    }
                    nextTick = now + TICK_NANOS;
                }
                selector.select(50);
                for (SelectionKey key : selector.selectedKeys()) {
                    Slot slot = (Slot) key.attachment();
                    if (!key.isValid() || slot.closed) {
                        continue;
                    }
                    if (key.isConnectable()) {
                        finishConnect(slot, key);
                    } else if (key.isReadable()) {
                        drain(slot, sink);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    private void connect(Slot slot) throws IOException {
        SocketChannel channel = SocketChannel.open();
        slot.channel = channel;
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.connect(server);
        channel.register(selector, SelectionKey.OP_CONNECT, slot);
    }

    private void finishConnect(Slot slot, SelectionKey key) throws IOException {
        try {
            if (!slot.channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            slot.closed = true;
            slot.channel.close();
            failure = e;
            return;
        }
        slot.connected = true;
        slot.connectedAt = System.nanoTime();
        if (connected.getAndIncrement() == 0) {
            firstConnectedNanos = slot.connectedAt;
        }
        key.interestOps(SelectionKey.OP_READ);
        send(slot, ByteBuffer.wrap(slot.start));
    }

    private void drain(Slot slot, ByteBuffer sink) {
        try {
            int n;
            do {
                sink.clear();
                n = slot.channel.read(sink);
            } while (n > 0);
            if (n < 0) {
                serverClosed(slot);
            }
        } catch (IOException e) {
            serverClosed(slot);
        }
    }

    private void send(Slot slot, ByteBuffer bytes) {
        try {
            slot.channel.write(bytes);
        } catch (IOException e) {
            serverClosed(slot);
        }
    }

    private void serverClosed(Slot slot) {
        slot.closed = true;
        closeAges.add(Duration.ofNanos(System.nanoTime() - slot.connectedAt));
        closedByServer.incrementAndGet();
        (slot.slowBody ? closedBodies : closedHeads).incrementAndGet();
        try {
            slot.channel.close();
        } catch (IOException e) {
            // Closed either way.
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stopping = true;
        selector.wakeup();
        loop.join(10_000);
        for (Slot slot : slots) {
            if (slot.channel != null) {
                slot.channel.close();
            }
        }
        selector.close();
    }
}
