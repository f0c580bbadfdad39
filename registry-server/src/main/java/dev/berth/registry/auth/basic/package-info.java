/**
 * Auth mode {@code basic}. Start reading at {@code BasicAccessControl}: every request carries
 * Basic credentials of an account in the users file, checked through the core's {@code Logins}
 * and judged by its {@code Policy}. {@link dev.berth.registry.auth.basic.BasicMode} builds the
 * mode from configuration.
 */
package dev.berth.registry.auth.basic;
