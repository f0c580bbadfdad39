package dev.berth.bench;

import java.nio.charset.StandardCharsets;

/**
 * What an HTTP exchange answered.
 *
 * @param location   the {@code Location} header, or null
 * @param bodyLength bytes of body received
 * @param body       the body when the caller kept it, else an empty array
 */
record Response(int status, String location, long bodyLength, byte[] body) {
    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
