package dev.berth.registry.auth.token;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one server publishes in the {@link dev.berth.registry.auth.KeyDirectory}: its public key and the token settings
 * that must be the same on every server behind one balancer. Files are published as SHA-256
 * digests of their bytes, never their content.
 *
 * @param key              the public JWK
 * @param refreshSeconds   the publisher's refresh token lifetime: its tokens live at most this long
 * @param heartbeatSeconds how often the publisher rewrites this entry while it runs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PublishedKey(
        Map<String, Object> key,
        String issuer,
        String service,
        String algorithm,
        String realm,
        String users,
        String policy,
        long refreshSeconds,
        long heartbeatSeconds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a published key", e);
        }
    }

    static PublishedKey parse(byte[] json) throws IOException {
        PublishedKey k = JSON.readValue(json, PublishedKey.class);
        if (k.key == null
                || k.issuer == null
                || k.algorithm == null
                || k.refreshSeconds <= 0
                || k.heartbeatSeconds <= 0) {
            throw new IOException("incomplete published key");
        }
        return k;
    }

    /** The settings in which {@code other} differs from this one, as "name 'mine' vs 'theirs'" phrases. */
    List<String> differencesFrom(PublishedKey other) {
        List<String> d = new ArrayList<>();
        compare(d, "auth.token.issuer", issuer, other.issuer);
        compare(d, "auth.token.service", service, other.service);
        compare(d, "auth.token.algorithm", algorithm, other.algorithm);
        compare(d, "auth.realm", realm, other.realm);
        compare(d, "auth.users (file content)", users, other.users);
        compare(d, "auth.policy (file content)", policy, other.policy);
        compare(
                d,
                "auth.token.refresh-expiry (seconds)",
                String.valueOf(refreshSeconds),
                String.valueOf(other.refreshSeconds));
        return d;
    }

    private static void compare(List<String> out, String name, String mine, String theirs) {
        if (!Objects.equals(mine, theirs)) {
            out.add(name + " '" + (mine == null ? "" : mine) + "' here vs '" + (theirs == null ? "" : theirs) + "'");
        }
    }
}
