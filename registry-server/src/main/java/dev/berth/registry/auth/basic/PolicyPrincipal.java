package dev.berth.registry.auth.basic;

import dev.berth.registry.auth.Policy;
import dev.berth.registry.auth.Principal;

/** A caller of Basic mode: what the policy grants its account (null: anonymous). */
record PolicyPrincipal(String account, Policy policy) implements Principal {
    @Override
    public boolean may(String type, String name, String action) {
        return policy.allows(account, type, name, action);
    }

    @Override
    public String toString() {
        return "PolicyPrincipal[" + (account == null ? "anonymous" : account) + "]";
    }
}
