package dev.berth.registry.auth;

/**
 * The built-in token service of auth mode {@code token}, served by the HTTP layer at
 * {@link #TOKEN_PATH} (GET and POST) and its public keys at {@link #JWKS_PATH}.
 */
public interface TokenEndpoint {
    String TOKEN_PATH = "/token";
    String JWKS_PATH = "/.well-known/jwks.json";

    TokenReply token(TokenRequest request);

    /** The JWK set of the keys tokens are signed with. */
    byte[] jwks();
}
