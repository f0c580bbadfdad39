package dev.berth.registry.auth.token;

import dev.berth.registry.auth.Policy;
import dev.berth.registry.auth.Principal;
import java.util.Optional;

/**
 * A caller of token mode: what its token grants and, for a token Berth issued, what the policy
 * grants its subject, so that listings (the catalog) show everything the caller could pull with
 * a token asked for it.
 */
record TokenPrincipal(VerifiedToken token, Optional<Policy> policy) implements Principal {
    @Override
    public String account() {
        return token.subject();
    }

    @Override
    public boolean may(String type, String name, String action) {
        if (TokenClaims.grants(token.access(), type, name, action)) {
            return true;
        }
        return token.selfIssued() && policy.isPresent() && policy.get().allows(token.subject(), type, name, action);
    }
}
