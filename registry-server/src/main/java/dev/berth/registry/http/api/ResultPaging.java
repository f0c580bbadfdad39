package dev.berth.registry.http.api;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.http.Exchange;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * ECR's paging of the management API: {@code maxResults} (1 to {@value #MAX}, {@value #DEFAULT}
 * when absent) and {@code nextToken}, an opaque token that an answer gives when more follow and
 * that the next request passes back. The token is the listing's key the next page starts after,
 * encoded; it stays valid however long the client waits.
 */
record ResultPaging(int maxResults, String after) {
    static final int DEFAULT = 100;
    static final int MAX = 1000;
    private static final String PREFIX = "v1:";

    static ResultPaging of(Exchange x) {
        int max = DEFAULT;
        Optional<String> given = x.query("maxResults");
        if (given.isPresent()) {
            try {
                max = Integer.parseInt(given.get());
            } catch (NumberFormatException e) {
                max = 0;
            }
            if (max < 1 || max > MAX) {
                throw new RegistryException(
                        ErrorCode.MALFORMED_REQUEST, "maxResults must be an integer from 1 to " + MAX, given.get());
            }
        }
        return new ResultPaging(
                max,
                x.query("nextToken")
                        .filter(s -> !s.isEmpty())
                        .map(ResultPaging::decode)
                        .orElse(null));
    }

    static String token(String after) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + after).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return text.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new RegistryException(ErrorCode.MALFORMED_REQUEST, "invalid nextToken", token);
    }
}
