/**
 * The command line: {@link dev.berth.registry.cli.Main} (start reading here) and its
 * subcommands, {@code serve} first.
 */
package dev.berth.registry.cli;
