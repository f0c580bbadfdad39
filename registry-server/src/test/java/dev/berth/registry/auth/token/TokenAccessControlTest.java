package dev.berth.registry.auth.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.AuthDecision;
import dev.berth.registry.auth.Challenge;
import dev.berth.registry.auth.Policy;
import dev.berth.registry.auth.Principal;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.testing.AuthFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TokenAccessControlTest {
    private static final String BASE = "http://localhost:5000";
    private final AuthFixtures.MutableClock clock = new AuthFixtures.MutableClock(AuthFixtures.T0);
    private final SigningKey key = TokenVerifierTest.KEY;
    private final TokenIssuer issuer = new TokenIssuer(
            TrustedKeys.only(key, clock), "berth", "registry", Duration.ofMinutes(5), Duration.ofDays(1), clock);
    private final Policy policy = Policy.parse("""
            rules:
              - subjects: [authenticated]
                repositories: ["${user}/**"]
                actions: ["*"]
              - subjects: ["*"]
                repositories: ["public/**"]
                actions: [pull]
            """);
    private final Supplier<Policy> policySupplier = () -> policy;
    private final TokenVerifier verifier =
            new TokenVerifier(TrustedKeys.only(key, clock), "berth", "registry", Optional.empty(), clock);
    private final TokenAccessControl control =
            new TokenAccessControl(verifier, Optional.of(policySupplier), Optional.empty(), "registry");

    private AuthDecision authorize(String authorization, Access... required) {
        return control.authorize(authorization, "192.0.2.1", List.of(required), BASE);
    }

    private String bearer(String account, Access... granted) {
        return "Bearer " + issuer.access(account, List.of(granted)).token();
    }

    private static AuthDecision.Refused refused(AuthDecision d, ErrorCode code) {
        assertThat(d).isInstanceOf(AuthDecision.Refused.class);
        AuthDecision.Refused r = (AuthDecision.Refused) d;
        assertThat(r.code()).isEqualTo(code);
        return r;
    }

    @Test
    void withoutATokenTheChallengeNamesRealmServiceAndEveryScope() {
        AuthDecision.Refused r = refused(
                authorize(null, Access.repository("a/b", "pull", "push"), Access.repository("c", "pull")),
                ErrorCode.UNAUTHORIZED);
        assertThat(r.challenge())
                .contains(Challenge.bearer(
                        "http://localhost:5000/token",
                        "registry",
                        List.of(Access.repository("a/b", "pull", "push"), Access.repository("c", "pull")),
                        null));
        r = refused(authorize(null), ErrorCode.UNAUTHORIZED);
        assertThat(r.challenge())
                .contains(Challenge.bearer("http://localhost:5000/token", "registry", List.of(), null));
        r = refused(authorize(AuthFixtures.basic("alice", "pw"), Access.catalog()), ErrorCode.UNAUTHORIZED);
        assertThat(r.challenge().orElseThrow().scheme()).isEqualTo("Bearer");
        assertThat(r.challenge().orElseThrow().scopes()).containsExactly(Access.catalog());
    }

    @Test
    void aConfiguredRealmWins() {
        TokenAccessControl c = new TokenAccessControl(
                verifier, Optional.of(policySupplier), Optional.of("https://registry.example/token"), "registry");
        AuthDecision.Refused r = refused(c.authorize(null, "x", List.of(), BASE), ErrorCode.UNAUTHORIZED);
        assertThat(r.challenge().orElseThrow().realm()).isEqualTo("https://registry.example/token");
    }

    @Test
    void anInvalidTokenGetsInvalidToken() {
        AuthDecision.Refused r =
                refused(authorize("Bearer nonsense", Access.repository("a", "pull")), ErrorCode.UNAUTHORIZED);
        assertThat(r.challenge().orElseThrow().scopes()).containsExactly(Access.repository("a", "pull"));
        assertThat(r.challenge().orElseThrow().error()).isEqualTo("invalid_token");
        String token = bearer("alice");
        clock.advance(Duration.ofMinutes(10));
        r = refused(authorize(token), ErrorCode.UNAUTHORIZED);
        assertThat(r.challenge().orElseThrow().error()).isEqualTo("invalid_token");
    }

    @Test
    void anyValidTokenPassesTheBaseEndpoint() {
        assertThat(authorize(bearer(null))).isInstanceOf(AuthDecision.Allowed.class);
        assertThat(authorize(bearer("alice"))).isInstanceOfSatisfying(AuthDecision.Allowed.class, a -> assertThat(
                        a.principal().account())
                .isEqualTo("alice"));
    }

    @Test
    void aTokenWithTheScopeIsAllowed() {
        assertThat(authorize(
                        bearer("bob", Access.repository("shared/app", "pull", "push")),
                        Access.repository("shared/app", "push")))
                .isInstanceOf(AuthDecision.Allowed.class);
        assertThat(authorize(
                        bearer("bob", new Access("repository", "shared/app", java.util.Set.of("*"))),
                        Access.repository("shared/app", "delete")))
                .isInstanceOf(AuthDecision.Allowed.class);
    }

    @Test
    void aMissingScopeThePolicyWouldGrantAsksForANewToken() {
        AuthDecision.Refused r = refused(
                authorize(
                        bearer("alice", Access.repository("alice/app", "pull")),
                        Access.repository("alice/app", "pull", "push")),
                ErrorCode.UNAUTHORIZED);
        assertThat(r.challenge())
                .contains(Challenge.bearer(
                        "http://localhost:5000/token",
                        "registry",
                        List.of(Access.repository("alice/app", "pull", "push")),
                        "insufficient_scope"));
        refused(authorize(bearer(null), Access.repository("public/x", "pull")), ErrorCode.UNAUTHORIZED);
    }

    @Test
    void aMissingScopeThePolicyWouldNotGrantIsDenied() {
        AuthDecision.Refused r = refused(
                authorize(
                        bearer("alice", Access.repository("bob/app", "pull")),
                        Access.repository("bob/app", "pull", "push")),
                ErrorCode.DENIED);
        assertThat(r.challenge()).isEmpty();
    }

    @Test
    void anAnonymousTokenLackingAScopeIsAskedToSignIn() {
        AuthDecision.Refused r =
                refused(authorize(bearer(null), Access.repository("alice/app", "pull")), ErrorCode.UNAUTHORIZED);
        assertThat(r.challenge().orElseThrow().error()).isEqualTo("insufficient_scope");
    }

    @Test
    void thePrincipalAnswersFromTokenAndPolicy() {
        AuthDecision d = authorize(bearer("alice", Access.repository("shared/x", "pull")));
        Principal p = ((AuthDecision.Allowed) d).principal();
        assertThat(p.may("repository", "shared/x", "pull")).isTrue();
        assertThat(p.may("repository", "shared/x", "push")).isFalse();
        assertThat(p.may("repository", "alice/anything", "delete")).isTrue();
        assertThat(p.may("repository", "public/y", "pull")).isTrue();
        assertThat(p.may("repository", "bob/y", "pull")).isFalse();
    }
}
