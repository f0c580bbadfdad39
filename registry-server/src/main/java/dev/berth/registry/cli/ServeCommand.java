package dev.berth.registry.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth serve}: runs the registry until SIGTERM or SIGINT, then shuts down gracefully. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the registry until SIGTERM or SIGINT, then finishes requests in progress and exits 0.",
            "",
            "Every setting comes from, in rising precedence: defaults, the YAML --config file, "
                    + "BERTH_* environment variables, these flags."
        })
final class ServeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    private Path config;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "address to listen on (default 0.0.0.0:5000)")
    private String listen;

    @Option(names = "--storage", paramLabel = "DIR", description = "storage directory (default ./data)")
    private String storage;

    @Override
    public Integer call() throws Exception {
        // Main's handler turns what this throws into one line on standard error.
        return Serve.run(
                new ServeArguments(config, listen, storage), spec.commandLine().getErr());
    }
}
