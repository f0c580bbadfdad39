package dev.berth.registry.auth.basic;

import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.AccessControl;
import dev.berth.registry.auth.AuthDecision;
import dev.berth.registry.auth.Challenge;
import dev.berth.registry.auth.Logins;
import dev.berth.registry.auth.Policy;
import java.util.List;
import java.util.function.Supplier;

/**
 * Auth mode {@code basic}: every request carries {@code Authorization: Basic} credentials of an
 * account in the users file, and the policy decides. A caller without credentials is anonymous
 * and gets what the policy grants {@code anonymous} (never {@code GET /v2/}, so that clients
 * know to log in); otherwise 401 with a Basic challenge. A signed-in account the policy denies
 * gets 403 DENIED.
 */
final class BasicAccessControl implements AccessControl {
    private final Logins logins;
    private final Supplier<Policy> policy;

    BasicAccessControl(Logins logins, Supplier<Policy> policy) {
        this.logins = logins;
        this.policy = policy;
    }

    @Override
    public AuthDecision authorize(
            String authorization, String clientAddress, List<Access> required, String externalBase) {
        Policy p = policy.get();
        Logins.Outcome outcome = logins.basic(authorization, clientAddress);
        if (outcome instanceof Logins.Throttled t) {
            return AuthDecision.Refused.throttled("too many failed logins, try again later", t.retryAfter());
        }
        if (outcome instanceof Logins.Failure) {
            return unauthorized("invalid username or password");
        }
        String account = outcome instanceof Logins.Success s ? s.account() : null;
        if (account == null && required.isEmpty()) {
            return unauthorized("authentication required");
        }
        for (Access a : required) {
            for (String action : a.actions()) {
                if (!p.allows(account, a.type(), a.name(), action)) {
                    return account == null
                            ? unauthorized("authentication required")
                            : AuthDecision.Refused.denied("access to " + a.scope() + " is denied");
                }
            }
        }
        return new AuthDecision.Allowed(new PolicyPrincipal(account, p));
    }

    private static AuthDecision unauthorized(String message) {
        return AuthDecision.Refused.unauthorized(message, Challenge.basic());
    }
}
