package dev.berth.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A forwarding HTTP proxy in front of an S3 endpoint that counts the requests passing through it by
 * S3 operation. It reads each request head and frames its body (Content-Length or chunked) to find
 * where the next request starts; responses flow back untouched.
 */
final class CountingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile long lastRequest = System.nanoTime();

    private CountingProxy(ServerSocket server, int upstreamPort) {
        this.server = server;
        this.upstreamPort = upstreamPort;
    }

    static CountingProxy start(int upstreamPort) throws IOException {
        CountingProxy proxy = new CountingProxy(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()),
                upstreamPort);
        daemon("counting-proxy", proxy::accept);
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits until no request arrived for {@code quiet} (at most {@code max}), then answers the counts and zeroes them. */
    Map<String, Long> takeCounts(Duration quiet, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() - lastRequest < quiet.toNanos() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Map<String, Long> taken = new TreeMap<>();
        counts.forEach((kind, n) -> {
            long v = n.getAndSet(0);
            if (v > 0) {
                taken.put(kind, v);
            }
        });
        return taken;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                daemon("proxy-requests", () -> requests(client, upstream));
                daemon("proxy-responses", () -> responses(client, upstream));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("counting proxy: " + e);
                }
            }
        }
    }

    private void requests(Socket client, Socket upstream) {
        try (client; upstream) {
            InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
            OutputStream out = upstream.getOutputStream();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    return;
                }
                lastRequest = System.nanoTime();
                out.write(head);
                RequestHead request = RequestHead.parse(new String(head, StandardCharsets.ISO_8859_1));
                counts.computeIfAbsent(S3Operation.of(request), k -> new AtomicLong()).incrementAndGet();
                if (request.chunked()) {
                    copyChunked(in, out);
                } else {
                    copy(in, out, request.contentLength());
                }
                out.flush();
                lastRequest = System.nanoTime();
            }
        } catch (IOException e) {
            // the connection ended
        }
    }

    private static void responses(Socket client, Socket upstream) {
        try {
            upstream.getInputStream().transferTo(client.getOutputStream());
        } catch (IOException e) {
            // the connection ended
        } finally {
            try {
                client.close();
                upstream.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** A request head through its blank line, or null at the end of the stream before one began. */
    static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new EOFException("stream ended inside a request head");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException();
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String line = copyLine(in, out);
            long size = Long.parseLong(line.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                while (!copyLine(in, out).isEmpty()) {
                    // trailer fields
                }
                return;
            }
            copy(in, out, size);
            copyLine(in, out);
        }
    }

    private static String copyLine(InputStream in, OutputStream out) throws IOException {
        StringBuilder line = new StringBuilder();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            out.write(b);
            if (previous == '\r' && b == '\n') {
                return line.substring(0, line.length() - 1);
            }
            line.append((char) b);
            previous = b;
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** What the proxy needs of a request head: method, target, body framing and a few S3 headers. */
    record RequestHead(String method, String target, long contentLength, boolean chunked, boolean copySource,
            boolean conditional) {
        static RequestHead parse(String head) {
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            long length = 0;
            boolean chunked = false;
            boolean copy = false;
            boolean conditional = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "x-amz-copy-source" -> copy = true;
                    case "if-match", "if-none-match" -> conditional = true;
                    default -> { }
                }
            }
            return new RequestHead(requestLine[0], requestLine[1], length, chunked, copy, conditional);
        }
    }
}
