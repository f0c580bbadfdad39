package dev.berth.registry.http.api;

import dev.berth.registry.content.NamePage;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.http.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The {@code n} / {@code last} query parameters of list endpoints and their {@code Link} header. */
record Pagination(int limit, String last) {
    /** Used when a client asks for everything; large enough for any sane repository. */
    static final int DEFAULT_LIMIT = 10_000;

    static Pagination of(Exchange x) {
        int limit = DEFAULT_LIMIT;
        String n = x.query("n").orElse(null);
        if (n != null) {
            try {
                limit = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 0) {
                throw new RegistryException(ErrorCode.UNSUPPORTED, "n must be a non-negative integer", n);
            }
            limit = Math.min(limit, DEFAULT_LIMIT);
        }
        return new Pagination(limit, x.query("last").filter(s -> !s.isEmpty()).orElse(null));
    }

    /** Adds {@code Link: <path?n=…&last=…>; rel="next"} when the page says more follow. */
    Response link(Response response, String path, NamePage page) {
        if (page.truncated() && page.last() != null) {
            response.header(
                    "Link",
                    "<" + path + "?n=" + limit + "&last=" + URLEncoder.encode(page.last(), StandardCharsets.UTF_8)
                            + ">; rel=\"next\"");
        }
        return response;
    }
}
