/**
 * Auth mode {@code token}. Start reading at {@link dev.berth.registry.auth.token.TokenMode}, which
 * wires the mode from configuration; then {@code TokenAccessControl}, which checks bearer JWTs
 * ({@code TokenVerifier}, with {@code ExternalKeys} for another issuer's), and
 * {@code BuiltInTokenEndpoint}, the core's {@link dev.berth.registry.auth.TokenEndpoint} that
 * issues them ({@code TokenIssuer}, {@code TokenClaims}). Tokens are signed with this server's
 * {@code SigningKey}; {@code TrustedKeys} publishes it ({@code PublishedKey}) to the store's
 * {@link dev.berth.registry.auth.KeyDirectory} and trusts the keys other servers of the store
 * published there.
 */
package dev.berth.registry.auth.token;
