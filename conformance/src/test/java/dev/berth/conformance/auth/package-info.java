/**
 * Auth over HTTP, end to end: in-process servers in token and basic mode with accounts alice, bob
 * and admin and a policy ({@link dev.berth.conformance.auth.AuthServer}, start reading there).
 *
 * <ul>
 *   <li>{@code TokenDenialTest} and {@code BasicDenialTest}: every denial path (pull, push, delete,
 *       mount, catalog) for anonymous callers, another account and the owner, with status, error
 *       code, challenge and unchanged storage.
 *   <li>{@code TokenEndpointTest}: the token service's GET and OAuth2 POST flows, each followed by
 *       the registry request the token is for.
 *   <li>{@code TokenHardeningTest}: forged, altered and stale tokens, and failed-login throttling.
 *   <li>{@code SlowClientsTest}: 2,000 slow connections ({@link dev.berth.conformance.auth.SlowClients}),
 *       unauthenticated in modes basic and token, leave a signed-in client's push and pull fast.
 * </ul>
 *
 * These tests start their own servers, so they run once, whatever {@code registry.url},
 * {@code registry.storage} or {@code registry.auth} say; the token-mode run of the whole suite is
 * {@code dev.berth.conformance.TargetAuth}'s.
 */
package dev.berth.conformance.auth;
