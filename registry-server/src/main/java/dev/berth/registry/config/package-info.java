/**
 * Configuration. {@link dev.berth.registry.config.ConfigKey} lists every key with its default;
 * {@link dev.berth.registry.config.ConfigLoader} layers file, environment and flags into a
 * {@link dev.berth.registry.config.RegistryConfig}, which is never changed afterwards: flags and
 * tests set keys on the loader, one {@code set(ConfigKey, text)} each. Start reading at ConfigKey.
 */
package dev.berth.registry.config;
