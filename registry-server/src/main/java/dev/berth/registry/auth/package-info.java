/**
 * Authentication and access control. The HTTP layer sees only
 * {@link dev.berth.registry.auth.AccessControl} (start reading there): for each request it gets
 * the {@link dev.berth.registry.auth.Access} the route needs and answers with an
 * {@link dev.berth.registry.auth.AuthDecision}.
 */
package dev.berth.registry.auth;
