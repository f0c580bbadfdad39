package dev.berth.registry.auth;

import java.util.List;

/**
 * Authentication and authorisation for the registry API, one implementation per auth mode. The
 * HTTP layer asks it about every request before any handler runs.
 */
public interface AccessControl {

    /**
     * Decides whether a request carrying {@code authorization} (the raw header, may be null) from
     * {@code clientAddress} may have every access in {@code required}. An empty list asks only
     * "is this caller authenticated" ({@code GET /v2/}): a valid token with no scope passes.
     *
     * @param externalBase the registry's external base URL as the client sees it (scheme, host,
     *     port, no trailing slash), for the challenge's realm when none is configured
     */
    AuthDecision authorize(String authorization, String clientAddress, List<Access> required, String externalBase);

    /** Mode {@code none}: everyone may do everything. */
    AccessControl OPEN =
            (authorization, clientAddress, required, externalBase) -> new AuthDecision.Allowed(Principal.ANYONE);
}
