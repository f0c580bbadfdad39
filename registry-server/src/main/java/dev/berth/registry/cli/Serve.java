package dev.berth.registry.cli;

import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.logging.LogOutput;
import dev.berth.registry.logging.LoggingSetup;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * What {@code berth serve} does, whether picocli ({@link ServeCommand}) or {@link Main}'s shortcut
 * ({@link ServeArguments#plain}) read its command line: runs the registry until SIGTERM or SIGINT.
 */
final class Serve {
    private Serve() {}

    /**
     * Serves until stopped; 0 then, 2 for bad configuration, 1 when it cannot listen. Anything else
     * it throws, for the caller to report as one line.
     */
    static int run(ServeArguments arguments, PrintWriter err) throws Exception {
        LoggingSetup logging = LoggingSetup.start();
        RegistryConfig resolved;
        try {
            resolved = new ConfigLoader()
                    .file(arguments.config())
                    .environment(System.getenv())
                    .set(ConfigKey.LISTEN, arguments.listen())
                    .set(ConfigKey.STORAGE, arguments.storage())
                    .load();
        } catch (ConfigException e) {
            err.println("berth: " + e.getMessage());
            return 2;
        } finally {
            logging.await();
        }
        LogOutput.use(resolved.logFormat());
        CountDownLatch stop = new CountDownLatch(1);
        try (RegistryServer server = RegistryServer.start(resolved)) {
            // Only once serving: a server that fails to start leaves the signals as they were.
            Signal.handle(new Signal("TERM"), s -> stop.countDown());
            Signal.handle(new Signal("INT"), s -> stop.countDown());
            stop.await();
        } catch (ConfigException e) {
            err.println("berth: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            if (e instanceof java.net.BindException) {
                err.println("berth: cannot listen on " + resolved.listen() + ": " + e.getMessage());
                return 1;
            }
            throw e;
        }
        return 0;
    }
}
