package dev.berth.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A keep-alive HTTP/1.1 client connection on a blocking socket: the cheapest way for the load
 * client to talk HTTP, so that its own CPU use stays small beside the server's. It sends one request
 * at a time, reads the response head into a small buffer and discards bodies it does not keep
 * through a direct buffer (no copy into Java memory).
 */
final class HttpConnection implements AutoCloseable {
    private static final int MAX_KEPT_BODY = 1 << 20;

    private final InetSocketAddress address;
    private final String hostHeader;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
    private final ByteBuffer sink = ByteBuffer.allocateDirect(1 << 20);
    private SocketChannel channel;

    HttpConnection(int port) {
        address = new InetSocketAddress("127.0.0.1", port);
        hostHeader = "127.0.0.1:" + port;
    }

    /**
     * Sends {@code method target} with {@code headers} (each line ending in CRLF) and {@code body}
     * (null for none), and reads the answer; {@code keepBody} keeps up to 1 MiB of its body.
     */
    Response send(String method, String target, String headers, Body body, boolean keepBody) {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target)
                .append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n").append(headers);
        if (body != null) {
            head.append("Content-Length: ").append(body.length()).append("\r\n");
        }
        head.append("\r\n");
        return exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), body, method.equals("HEAD"), keepBody);
    }

    /** Sends a request head built by the caller (it must name this connection's host) and reads the answer. */
    Response exchange(byte[] head, Body body, boolean headRequest, boolean keepBody) {
        try {
            if (channel == null) {
                channel = SocketChannel.open(address);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                in.clear().flip();
            }
            ByteBuffer out = ByteBuffer.wrap(head);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            if (body != null) {
                body.writeTo(channel);
            }
            return readResponse(headRequest, keepBody);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    String hostHeader() {
        return hostHeader;
    }

    private Response readResponse(boolean headRequest, boolean keepBody) throws IOException {
        int end;
        while ((end = headEnd()) < 0) {
            fill();
        }
        String head = new String(in.array(), in.position(), end - in.position(), StandardCharsets.ISO_8859_1);
        in.position(end + 4);
        int status = Integer.parseInt(head.substring(9, 12));
        String location = null;
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "location" -> location = value;
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        ByteBuffer kept = keepBody ? ByteBuffer.allocate(MAX_KEPT_BODY) : null;
        long received = 0;
        if (!headRequest && status != 204 && status != 304) {
            if (chunked) {
                received = readChunked(kept);
            } else if (length >= 0) {
                received = readBody(length, kept);
            } else {
                throw new IOException("response without length: " + head);
            }
        }
        if (close) {
            close();
        }
        byte[] body = kept == null ? new byte[0] : java.util.Arrays.copyOf(kept.array(), kept.position());
        return new Response(status, location, received, body);
    }

    /** Index in {@code in}'s array of the CRLFCRLF ending the head, or -1. */
    private int headEnd() {
        byte[] a = in.array();
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Reads more bytes into {@code in}, keeping what is unread. */
    private void fill() throws IOException {
        in.compact();
        if (!in.hasRemaining()) {
            throw new IOException("response head larger than " + in.capacity() + " bytes");
        }
        int n = channel.read(in);
        in.flip();
        if (n < 0) {
            throw new EOFException("connection closed by the server");
        }
    }

    private long readBody(long length, ByteBuffer kept) throws IOException {
        long left = length;
        int buffered = (int) Math.min(left, in.remaining());
        keep(kept, in.array(), in.position(), buffered);
        in.position(in.position() + buffered);
        left -= buffered;
        while (left > 0) {
            sink.clear().limit((int) Math.min(sink.capacity(), left));
            int n = channel.read(sink);
            if (n < 0) {
                throw new EOFException("connection closed with " + left + " body bytes to come");
            }
            if (kept != null) {
                sink.flip();
                int room = Math.min(kept.remaining(), sink.remaining());
                kept.put(sink.limit(room));
            }
            left -= n;
        }
        return length;
    }

    private long readChunked(ByteBuffer kept) throws IOException {
        long total = 0;
        while (true) {
            long size = Long.parseLong(readLine().split(";", 2)[0].trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailer fields: ignored
                }
                return total;
            }
            total += readBody(size, kept);
            readLine();
        }
    }

    private String readLine() throws IOException {
        while (true) {
            byte[] a = in.array();
            for (int i = in.position(); i + 1 < in.limit(); i++) {
                if (a[i] == '\r' && a[i + 1] == '\n') {
                    String line = new String(a, in.position(), i - in.position(), StandardCharsets.ISO_8859_1);
                    in.position(i + 2);
                    return line;
                }
            }
            fill();
        }
    }

    private static void keep(ByteBuffer kept, byte[] bytes, int offset, int length) {
        if (kept != null) {
            kept.put(bytes, offset, Math.min(length, kept.remaining()));
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
            channel = null;
        }
    }
}
