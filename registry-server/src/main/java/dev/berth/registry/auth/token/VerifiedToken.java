package dev.berth.registry.auth.token;

import dev.berth.registry.auth.Access;
import java.util.List;

/**
 * What a valid access token says.
 *
 * @param subject    the account, or null for an anonymous token ({@code sub} empty or absent)
 * @param selfIssued true when Berth signed it, so its policy speaks for the subject
 */
record VerifiedToken(String subject, String issuer, List<Access> access, boolean selfIssued) {
    VerifiedToken {
        access = List.copyOf(access);
    }
}
