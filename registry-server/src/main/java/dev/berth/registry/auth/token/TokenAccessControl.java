package dev.berth.registry.auth.token;

import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.AccessControl;
import dev.berth.registry.auth.AuthDecision;
import dev.berth.registry.auth.BasicCredentials;
import dev.berth.registry.auth.Challenge;
import dev.berth.registry.auth.Policy;
import dev.berth.registry.auth.TokenEndpoint;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.logging.LogText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auth mode {@code token}: requests carry {@code Authorization: Bearer <JWT>}.
 *
 * <ul>
 *   <li>No bearer token: 401 UNAUTHORIZED with a challenge naming the token service, the
 *       service and every scope the request needs.
 *   <li>An invalid token: the same with {@code error="invalid_token"}.
 *   <li>A valid token lacking some scope: if Berth issued it and its policy would grant the
 *       subject that scope, 401 with {@code error="insufficient_scope"} (the client fetches a
 *       fitting token); for an external issuer's token likewise, as only that issuer knows, and
 *       for an anonymous token, whose holder may sign in; else 403 DENIED.
 *   <li>A valid token with every needed scope, or any valid token when none is needed
 *       ({@code GET /v2/}): allowed.
 * </ul>
 */
final class TokenAccessControl implements AccessControl {
    private static final Logger LOG = LoggerFactory.getLogger(TokenAccessControl.class);

    private final TokenVerifier verifier;
    private final Optional<Supplier<Policy>> policy;
    private final Optional<String> realm;
    private final String service;

    /**
     * @param policy Berth's policy, when Berth issues tokens
     * @param realm  the token service URL for challenges; empty to use {@code <request base>/token}
     */
    TokenAccessControl(
            TokenVerifier verifier, Optional<Supplier<Policy>> policy, Optional<String> realm, String service) {
        this.verifier = verifier;
        this.policy = policy;
        this.realm = realm;
        this.service = service;
    }

    @Override
    public AuthDecision authorize(
            String authorization, String clientAddress, List<Access> required, String externalBase) {
        String token = BasicCredentials.credentials(authorization, "bearer");
        if (token == null) {
            return challenge(ErrorCode.UNAUTHORIZED, "authentication required", required, externalBase, null);
        }
        VerifiedToken verified;
        try {
            verified = verifier.verify(token);
        } catch (InvalidTokenException e) {
            // The message may quote the token's own header (its alg), which the caller wrote.
            LOG.info("invalid token from {}: {}", LogText.escape(clientAddress), LogText.escape(e.getMessage()));
            return challenge(
                    ErrorCode.UNAUTHORIZED,
                    "invalid token: " + e.getMessage(),
                    required,
                    externalBase,
                    "invalid_token");
        }
        Optional<Policy> p = verified.selfIssued() ? policy.map(Supplier::get) : Optional.empty();
        List<Access> missing = new ArrayList<>();
        boolean grantable = true;
        for (Access a : required) {
            for (String action : a.actions()) {
                if (!TokenClaims.grants(verified.access(), a.type(), a.name(), action)) {
                    missing.add(a);
                    if (verified.selfIssued()) {
                        grantable &= p.isPresent() && p.get().allows(verified.subject(), a.type(), a.name(), action);
                    }
                    break;
                }
            }
        }
        if (missing.isEmpty()) {
            return new AuthDecision.Allowed(new TokenPrincipal(verified, p));
        }
        // An anonymous caller is told to authenticate, not that access is denied: signing in may help.
        if (grantable || verified.subject() == null) {
            return challenge(
                    ErrorCode.UNAUTHORIZED,
                    "the token does not grant " + scopes(missing),
                    required,
                    externalBase,
                    "insufficient_scope");
        }
        return AuthDecision.Refused.denied("access to " + scopes(missing) + " is denied");
    }

    private AuthDecision challenge(
            ErrorCode code, String message, List<Access> required, String externalBase, String error) {
        String tokenUrl = realm.orElseGet(() -> externalBase + TokenEndpoint.TOKEN_PATH);
        return new AuthDecision.Refused(
                code, message, Optional.of(Challenge.bearer(tokenUrl, service, required, error)), Optional.empty());
    }

    private static String scopes(List<Access> accesses) {
        return String.join(" ", accesses.stream().map(Access::scope).toList());
    }
}
