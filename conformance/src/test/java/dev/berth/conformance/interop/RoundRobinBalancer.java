package dev.berth.conformance.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer on 127.0.0.1, as HAProxy in {@code mode tcp} with {@code balance roundrobin}
 * is: each new client connection goes to the next backend in turn and its bytes are copied both
 * ways unchanged. Knows nothing of HTTP, so a keep-alive connection stays on one backend.
 */
final class RoundRobinBalancer implements AutoCloseable {
    private final ServerSocket listener;
    private volatile List<InetSocketAddress> backends = List.of();
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    /** Listens at once; connections are refused until {@link #route} names the backends. */
    RoundRobinBalancer() throws IOException {
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "balancer-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
    String hostPort() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    void route(List<InetSocketAddress> to) {
        backends = List.copyOf(to);
    }

    /** How many connections were handed to backends so far. */
    int connections() {
        return next.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            List<InetSocketAddress> to = backends;
            if (to.isEmpty()) {
                closeQuietly(client);
                continue;
            }
            InetSocketAddress backend = to.get(Math.floorMod(next.getAndIncrement(), to.size()));
            Socket server = new Socket();
            try {
                server.connect(backend, 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            open.add(client);
            open.add(server);
            AtomicInteger directionsLeft = new AtomicInteger(2);
            pipe(client, server, directionsLeft, "balancer-up");
            pipe(server, client, directionsLeft, "balancer-down");
        }
    }

    /**
     * Copies {@code from} to {@code to} and half-closes {@code to} at end of stream; the direction
     * that ends last (or any error) closes both sockets.
     */
    private void pipe(Socket from, Socket to, AtomicInteger directionsLeft, String name) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[64 * 1024];
                    try {
                        InputStream in = from.getInputStream();
                        OutputStream out = to.getOutputStream();
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            out.write(buffer, 0, n);
                        }
                        to.shutdownOutput();
                        if (directionsLeft.decrementAndGet() > 0) {
                            return;
                        }
                    } catch (IOException e) {
                        // A reset or a closed socket ends both directions.
                    }
                    for (Socket s : List.of(from, to)) {
                        closeQuietly(s);
                        open.remove(s);
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing: nothing left to do with it.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(RoundRobinBalancer::closeQuietly);
        open.clear();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
