package dev.berth.registry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar berth.jar <command>}: the entry point of the runnable jar. */
@Command(name = "berth", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Berth, a private OCI container registry.",
        subcommands = {ServeCommand.class, UserCommand.class, GcCommand.class, HealthCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, with the configuration reference attached to {@code serve --help} and {@code gc --help}. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main()).setUsageHelpWidth(130);
        cli.getSubcommands().get("serve").getCommandSpec().usageMessage().footer(ConfigReference.text());
        cli.getSubcommands().get("gc").getCommandSpec().usageMessage().footer(ConfigReference.text());
        return cli;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
