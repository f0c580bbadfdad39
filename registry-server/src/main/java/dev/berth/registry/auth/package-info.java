/**
 * Authentication and access control: the core that both modes and the HTTP layer share. Start
 * reading at {@link dev.berth.registry.auth.AccessControl}: for each request the HTTP layer gets
 * the {@link dev.berth.registry.auth.Access} the route needs and answers with an
 * {@link dev.berth.registry.auth.AuthDecision}; a refusal carries a typed
 * {@link dev.berth.registry.auth.Challenge} or a retry-after, never a header (the HTTP layer writes
 * those). The token service's HTTP face calls {@link dev.berth.registry.auth.TokenEndpoint}.
 * {@link dev.berth.registry.auth.Auth} is what the configured mode hands the server.
 *
 * <p>Here too is what both password modes use: the accounts of the users file
 * ({@link dev.berth.registry.auth.Users}, {@link dev.berth.registry.auth.Htpasswd}) judged by the
 * {@link dev.berth.registry.auth.Policy} (whose format is described there), both read through
 * {@link dev.berth.registry.auth.AuthFiles}; and password logins
 * ({@link dev.berth.registry.auth.Logins}), which throttle failures and log account names and
 * client addresses, never a password, an Authorization header or a token. The client address is
 * the connection's peer unless that is a configured reverse proxy
 * ({@link dev.berth.registry.auth.TrustedProxies}). {@link dev.berth.registry.auth.KeyDirectory}
 * is where servers sharing a store publish their token keys.
 *
 * <p>The modes have packages of their own, which depend on this one and never the other way round:
 * {@code auth.basic}, {@code auth.token}, and {@code auth.modes}, which picks the configured one.
 */
package dev.berth.registry.auth;
