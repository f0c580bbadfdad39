package dev.berth.registry.auth.token;

import com.nimbusds.jose.JOSEObjectType;
import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The claims and header types Berth's tokens carry beyond the registered JWT claims. Access and
 * refresh tokens differ in both {@code typ} and audience, and each verifier insists on its own,
 * so neither can ever stand in for the other.
 */
final class TokenClaims {
    /** Array of {@code {type, name, actions}} objects, as the Docker token spec defines it. */
    static final String ACCESS = "access";
    /** Fingerprint of the account's password hash at the time a refresh token was issued. */
    static final String CREDENTIAL_STAMP = "berth_cred";

    static final JOSEObjectType ACCESS_TYPE = JOSEObjectType.JWT;
    static final JOSEObjectType REFRESH_TYPE = new JOSEObjectType("berth-refresh+jwt");
    /** Tokens are accepted up to this long past {@code exp} and before {@code nbf}/{@code iat}. */
    static final long LEEWAY_SECONDS = 60;
    /** Longer Authorization values are refused before any parsing. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private TokenClaims() {}

    /** The audience of refresh tokens for {@code service}: never a service name itself. */
    static String refreshAudience(String service) {
        return "berth-refresh:" + service;
    }

    static List<Map<String, Object>> toClaim(List<Access> access) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Access a : access) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", a.type());
            entry.put("name", a.name());
            entry.put("actions", new ArrayList<>(new TreeSet<>(a.actions())));
            out.add(entry);
        }
        return out;
    }

    /** Parses the {@code access} claim: empty when it is absent, an exception when malformed. */
    static List<Access> fromClaim(Object claim) throws InvalidTokenException {
        if (claim == null) {
            return List.of();
        }
        if (!(claim instanceof List<?> list)) {
            throw new InvalidTokenException("the access claim is not a list");
        }
        List<Access> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)
                    || !(m.get("type") instanceof String type)
                    || !(m.get("name") instanceof String name)) {
                throw new InvalidTokenException("an access entry lacks type or name");
            }
            Set<String> actions = new TreeSet<>();
            Object as = m.get("actions");
            if (as != null) {
                if (!(as instanceof List<?> al)) {
                    throw new InvalidTokenException("access actions are not a list");
                }
                for (Object a : al) {
                    if (!(a instanceof String s)) {
                        throw new InvalidTokenException("an access action is not a string");
                    }
                    actions.add(s);
                }
            }
            out.add(new Access(type, name, actions));
        }
        return out;
    }

    /** True when the entries grant {@code action} on {@code type:name} ({@code *} grants all). */
    static boolean grants(List<Access> access, String type, String name, String action) {
        for (Access a : access) {
            if (a.type().equals(type)
                    && a.name().equals(name)
                    && (a.actions().contains(Policy.ALL) || a.actions().contains(action))) {
                return true;
            }
        }
        return false;
    }
}
