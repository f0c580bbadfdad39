package dev.berth.conformance.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP {@code CONNECT} proxy on 127.0.0.1 that opens tunnels to one host name only, on any port,
 * and connects them to that port on 127.0.0.1.
 *
 * <p>It exists for docker: dockerd treats every registry whose name resolves into 127.0.0.0/8 as
 * insecure, and for an insecure registry it skips certificate verification and never reads
 * {@code certs.d}. With {@code HTTPS_PROXY} pointing here, dockerd reaches a loopback registry under
 * a name that does not resolve at all ({@link BerthTls#HOST_NAME}), verifies its certificate for
 * that name against {@code certs.d}, and the bytes still travel over loopback only. TLS runs end to
 * end through the tunnel; the proxy sees ciphertext.
 */
final class ConnectProxy implements AutoCloseable {
    private final String host;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> tunnels = Collections.synchronizedList(new ArrayList<>());

    private ConnectProxy(String host) throws IOException {
        this.host = host;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "connect-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy for tunnels to {@code host}. */
    static ConnectProxy start(String host) throws IOException {
        return new ConnectProxy(host);
    }

    /** {@code http://127.0.0.1:PORT}, for {@code HTTPS_PROXY}. */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Every {@code host:port} a tunnel was opened to, in order. */
    List<String> tunnels() {
        return List.copyOf(tunnels);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                thread(() -> tunnel(client), "connect-proxy-client");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try (client) {
            String head = readHead(client.getInputStream());
            String[] request = head.split("\r\n", 2)[0].split(" ");
            String target = request.length == 3 && request[0].equals("CONNECT") ? request[1] : "";
            int colon = target.lastIndexOf(':');
            OutputStream toClient = client.getOutputStream();
            if (colon < 0 || !target.substring(0, colon).equals(host)) {
                toClient.write(("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            try (Socket upstream =
                    new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(target.substring(colon + 1)))) {
                open.add(upstream);
                tunnels.add(target);
                toClient.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                toClient.flush();
                Thread back = thread(() -> pipe(upstream, client), "connect-proxy-back");
                pipe(client, upstream);
                back.join();
            } finally {
                open.removeIf(Socket::isClosed);
            }
        } catch (IOException | NumberFormatException e) {
            // The client went away or asked for nonsense: its tunnel ends.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until {@code from} ends, then passes the end on. */
    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** The request head, up to and including the empty line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (head.size() < 16 * 1024) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4
                    && bytes[n - 4] == '\r'
                    && bytes[n - 3] == '\n'
                    && bytes[n - 2] == '\r'
                    && bytes[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static Thread thread(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
