/**
 * Berth's registry server. Start reading at {@link dev.berth.registry.RegistryServer}, which wires
 * storage, {@code content} (what is stored and how), {@code http} (the API on Netty),
 * {@code notify} (webhooks) and {@code config}; {@code cli} is the command line.
 */
package dev.berth.registry;
