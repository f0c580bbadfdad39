package dev.berth.registry.http;

import dev.berth.registry.content.BlobContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a handler answers: status, headers and one of three kinds of body. */
public final class Response {
    /** A response body. */
    public sealed interface Body permits Empty, Bytes, Blob {
        long length();
    }

    public record Empty() implements Body {
        @Override
        public long length() {
            return 0;
        }
    }

    public record Bytes(byte[] content, String contentType) implements Body {
        @Override
        public long length() {
            return content.length;
        }
    }

    /** {@code length} bytes of a blob from {@code offset}, streamed or sent zero-copy. */
    public record Blob(BlobContent blob, long offset, long length, String contentType) implements Body {}

    private final HttpResponseStatus status;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private Body body = new Empty();

    private Response(HttpResponseStatus status) {
        this.status = status;
    }

    public static Response of(HttpResponseStatus status) {
        return new Response(status);
    }

    /** Sets the header, replacing any value it had. */
    public Response header(String name, Object value) {
        headers.put(name, new ArrayList<>(List.of(String.valueOf(value))));
        return this;
    }

    /** Adds one more line of the header, for headers the spec repeats (such as {@code OCI-Tag}). */
    public Response addHeader(String name, Object value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(String.valueOf(value));
        return this;
    }

    public Response body(Body body) {
        this.body = body;
        return this;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    public Body body() {
        return body;
    }
}
