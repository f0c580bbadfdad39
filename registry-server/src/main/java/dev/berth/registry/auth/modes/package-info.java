/**
 * Picks the configured auth mode. Start reading at
 * {@link dev.berth.registry.auth.modes.AuthFactory}. It has a package of its own because it is the
 * one place that knows every mode: in the core it would make {@code auth} depend on
 * {@code auth.basic} and {@code auth.token}, which depend on {@code auth}. A switch over the modes
 * is simpler than having the mode packages register themselves, and the set of modes is closed
 * (an enum of the configuration).
 */
package dev.berth.registry.auth.modes;
