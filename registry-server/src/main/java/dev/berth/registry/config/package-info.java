/**
 * Configuration. {@link dev.berth.registry.config.ConfigKey} lists every key with its default;
 * {@link dev.berth.registry.config.ConfigLoader} layers file, environment and flags into a
 * {@link dev.berth.registry.config.RegistryConfig}. Start reading at ConfigKey.
 */
package dev.berth.registry.config;
