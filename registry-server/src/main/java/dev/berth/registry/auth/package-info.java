/**
 * Authentication and access control. The HTTP layer sees only
 * {@link dev.berth.registry.auth.AccessControl} (start reading there): for each request it gets
 * the {@link dev.berth.registry.auth.Access} the route needs and answers with an
 * {@link dev.berth.registry.auth.AuthDecision}. {@link dev.berth.registry.auth.AuthFactory} builds
 * the {@link dev.berth.registry.auth.Auth} of the configured mode:
 *
 * <ul>
 *   <li>none: {@link dev.berth.registry.auth.AccessControl#OPEN}.
 *   <li>basic: {@code BasicAccessControl}, accounts of the users file ({@code Users},
 *       {@link dev.berth.registry.auth.Htpasswd}) judged by the {@code Policy}.
 *   <li>token: {@code TokenAccessControl} checks bearer JWTs ({@code TokenVerifier}, with
 *       {@code ExternalKeys} for another issuer's); {@code BuiltInTokenEndpoint} is the
 *       {@link dev.berth.registry.auth.TokenEndpoint} that issues them ({@code TokenIssuer},
 *       {@code SigningKey}).
 * </ul>
 *
 * Password logins of both modes go through {@code Logins}, which throttles failures
 * ({@code Throttle}) and logs account names and client addresses, never a password, an
 * Authorization header or a token. The client address is the connection's peer unless that is a
 * configured reverse proxy ({@link dev.berth.registry.auth.TrustedProxies}). The policy file
 * format is described on {@code Policy}.
 */
package dev.berth.registry.auth;
