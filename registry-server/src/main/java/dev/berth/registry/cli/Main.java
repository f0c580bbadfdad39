package dev.berth.registry.cli;

import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar berth.jar <command>}: the entry point of the runnable jar. */
@Command(
        name = "berth",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Berth, a private OCI container registry.",
        subcommands = {
            ServeCommand.class,
            UserCommand.class,
            GcCommand.class,
            LifecycleCommand.class,
            HealthCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        Optional<ServeArguments> serve = ServeArguments.plain(args);
        System.exit(serve.isPresent() ? serve(serve.get()) : commandLine().execute(args));
    }

    /**
     * {@code berth serve} without picocli, for the command lines {@link ServeArguments#plain} reads:
     * what picocli would do with them, failures reported as its execution handler below reports them.
     */
    static int serve(ServeArguments arguments) {
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            return Serve.run(arguments, err);
        } catch (Exception e) {
            err.println("berth: " + describe(e));
            return 1;
        }
    }

    /**
     * The command tree, with the configuration reference attached to {@code serve --help} and
     * {@code gc --help}. Every error ends as one line on standard error, never a stack trace: a bad
     * command line exits 2, a failure the command did not handle itself exits 1.
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main())
                .setUsageHelpWidth(130)
                .setParameterExceptionHandler((e, args) -> {
                    CommandLine failed = e.getCommandLine();
                    failed.getErr()
                            .println("berth: " + e.getMessage() + " (see '"
                                    + failed.getCommandSpec().qualifiedName() + " --help')");
                    return 2;
                })
                .setExecutionExceptionHandler((e, failed, parsed) -> {
                    failed.getErr().println("berth: " + describe(e));
                    return 1;
                });
        cli.getSubcommands().get("serve").getCommandSpec().usageMessage().footer(ConfigReference.text());
        cli.getSubcommands().get("gc").getCommandSpec().usageMessage().footer(ConfigReference.text());
        cli.getSubcommands().get("lifecycle").getCommandSpec().usageMessage().footer(ConfigReference.text());
        return cli;
    }

    /** The exception's message, or its kind when it has none; the causes' messages when they add to it. */
    static String describe(Throwable e) {
        StringBuilder line =
                new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !line.toString().contains(cause.getMessage())) {
                line.append(": ").append(cause.getMessage());
            }
        }
        return line.toString().replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
