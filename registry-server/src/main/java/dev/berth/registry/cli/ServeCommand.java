package dev.berth.registry.cli;

import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.logging.LogOutput;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

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
        RegistryConfig resolved;
        try {
            resolved = new ConfigLoader()
                    .file(config)
                    .environment(System.getenv())
                    .set(ConfigKey.LISTEN, listen)
                    .set(ConfigKey.STORAGE, storage)
                    .load();
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("berth: " + e.getMessage());
            return 2;
        }
        LogOutput.use(resolved.logFormat());
        CountDownLatch stop = new CountDownLatch(1);
        try (RegistryServer server = RegistryServer.start(resolved)) {
            // Only once serving: a server that fails to start leaves the signals as they were.
            Signal.handle(new Signal("TERM"), s -> stop.countDown());
            Signal.handle(new Signal("INT"), s -> stop.countDown());
            stop.await();
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("berth: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            if (e instanceof java.net.BindException) {
                spec.commandLine()
                        .getErr()
                        .println("berth: cannot listen on " + resolved.listen() + ": " + e.getMessage());
                return 1;
            }
            // Main's handler turns anything else into one line on standard error.
            throw e;
        }
        return 0;
    }
}
