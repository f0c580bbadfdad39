package dev.berth.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One exchange as the client saw it; {@link #toString()} is what a failing assertion prints.
 * {@code bodyError} is null unless the status line and headers arrived but the body did not (for
 * instance, fewer bytes than the Content-Length announced).
 */
public record Response(
        String method, URI uri, String requestHeaders, int status, HttpHeaders headers, byte[] body, String bodyError) {

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public List<String> headerValues(String name) {
        return headers.allValues(name);
    }

    /** The header's value; fails the test (showing this exchange) when it is missing or blank. */
    public String requireHeader(String name) {
        String value = headers.firstValue(name).orElse("");
        if (value.isBlank()) {
            throw new AssertionError("expected a " + name + " header in\n" + this);
        }
        return value;
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; fails the test when it is not JSON. */
    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("expected a JSON body in\n" + this, e);
        }
    }

    /**
     * The {@code code} of every entry of a {@code {"errors":[...]}} body; empty when the body is not
     * such an envelope.
     */
    public List<String> errorCodes() {
        List<String> codes = new ArrayList<>();
        try {
            JsonNode errors = Json.MAPPER.readTree(body).path("errors");
            for (JsonNode error : errors) {
                codes.add(error.path("code").asText());
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return codes;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(uri).append('\n');
        if (!requestHeaders.isEmpty()) {
            requestHeaders.lines().forEach(l -> sb.append("  > ").append(l).append('\n'));
        }
        sb.append("  < HTTP ").append(status).append('\n');
        headers.map()
                .forEach((name, values) -> values.forEach(v ->
                        sb.append("  < ").append(name).append(": ").append(v).append('\n')));
        if (bodyError != null) {
            sb.append("  < (body unreadable: ").append(bodyError).append(")\n");
        }
        if (body.length > 0) {
            String shown = isPrintable() ? text() : "<" + body.length + " bytes of binary>";
            if (shown.length() > 2000) {
                shown = shown.substring(0, 2000) + "... (" + body.length + " bytes)";
            }
            sb.append("  < ").append(shown).append('\n');
        }
        return sb.toString();
    }

    private boolean isPrintable() {
        int limit = Math.min(body.length, 512);
        for (int i = 0; i < limit; i++) {
            int b = body[i] & 0xff;
            if (b < 0x09 || (b > 0x0d && b < 0x20)) {
                return false;
            }
        }
        return true;
    }
}
