package dev.berth.registry.auth.token;

/**
 * A bearer or refresh token that is not acceptable. The message says why for the log; it never
 * holds the token itself.
 */
final class InvalidTokenException extends Exception {
    InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}
