package dev.berth.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The account and password of an {@code Authorization: Basic} header. {@code toString} never
 * shows the password.
 */
public record BasicCredentials(String account, char[] password) {

    /** Empty when the header is absent, not Basic, or malformed. */
    static Optional<BasicCredentials> parse(String authorization) {
        String value = credentials(authorization, "basic");
        if (value == null) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(
                decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray()));
    }

    /** What follows {@code "<scheme> "} in the header, or null. */
    public static String credentials(String authorization, String scheme) {
        if (authorization == null) {
            return null;
        }
        String h = authorization.strip();
        int space = h.indexOf(' ');
        if (space <= 0 || !h.substring(0, space).toLowerCase(Locale.ROOT).equals(scheme)) {
            return null;
        }
        String rest = h.substring(space + 1).strip();
        return rest.isEmpty() ? null : rest;
    }

    @Override
    public String toString() {
        return "BasicCredentials[" + account + "]";
    }
}
