/**
 * Refusals: {@link dev.berth.registry.error.ErrorCode} lists the distribution-spec codes with
 * their HTTP status, {@link dev.berth.registry.error.RegistryException} carries one through the
 * layers to the HTTP dispatcher.
 */
package dev.berth.registry.error;
