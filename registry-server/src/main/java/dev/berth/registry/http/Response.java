package dev.berth.registry.http;

import dev.berth.registry.content.BlobContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a handler answers: status, headers and one of three kinds of body. */
final class Response {
    /** A response body. */
    sealed interface Body permits Empty, Bytes, Blob {
        long length();
    }

    record Empty() implements Body {
        @Override
        public long length() {
            return 0;
        }
    }

    record Bytes(byte[] content, String contentType) implements Body {
        @Override
        public long length() {
            return content.length;
        }
    }

    /** {@code length} bytes of a blob from {@code offset}, streamed or sent zero-copy. */
    record Blob(BlobContent blob, long offset, long length, String contentType) implements Body {
    }

    private final HttpResponseStatus status;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private Body body = new Empty();

    private Response(HttpResponseStatus status) {
        this.status = status;
    }

    static Response of(HttpResponseStatus status) {
        return new Response(status);
    }

    /** Sets the header, replacing any value it had. */
    Response header(String name, Object value) {
        headers.put(name, new ArrayList<>(List.of(String.valueOf(value))));
        return this;
    }

    /** Adds one more line of the header, for headers the spec repeats (such as {@code OCI-Tag}). */
    Response addHeader(String name, Object value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(String.valueOf(value));
        return this;
    }

    Response body(Body body) {
        this.body = body;
        return this;
    }

    HttpResponseStatus status() {
        return status;
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    Body body() {
        return body;
    }
}
