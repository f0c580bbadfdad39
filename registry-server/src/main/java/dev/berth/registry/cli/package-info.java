/**
 * The command line: {@link dev.berth.registry.cli.Main} (start reading here) and its
 * subcommands, {@code serve} first. A plain {@code berth serve} command line skips picocli
 * ({@link dev.berth.registry.cli.ServeArguments}); both ways end in {@link dev.berth.registry.cli.Serve}.
 */
package dev.berth.registry.cli;
