package dev.berth.registry.cli;

import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.content.Registry;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcAbortedException;
import dev.berth.registry.gc.GcAlreadyRunningException;
import dev.berth.registry.gc.GcListener;
import dev.berth.registry.gc.GcOptions;
import dev.berth.registry.gc.GcReport;
import dev.berth.registry.lifecycle.Lifecycle;
import dev.berth.registry.lifecycle.LifecycleRules;
import dev.berth.registry.logging.LogOutput;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code berth gc}: one garbage collection against the storage a server uses, as a separate process
 * while the server keeps serving. Progress goes to standard error, the report to standard output.
 */
@Command(
        name = "gc",
        mixinStandardHelpOptions = true,
        description = {
            "Collects garbage once in the storage of the --config file (or --storage), while servers "
                    + "keep serving it: removes blobs that no manifest references (and, with --prune-untagged, manifests "
                    + "that no tag reaches) once they are older than gc.grace. --dry-run reports what would go and "
                    + "deletes nothing.",
            "",
            "Exit status: 0 done, 1 failed or stopped part-way, 2 bad configuration, 3 another collection is "
                    + "running on that storage."
        })
final class GcCommand implements Callable<Integer> {
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (the server's)")
    private Path config;

    @Option(names = "--storage", paramLabel = "DIR", description = "storage directory (default ./data)")
    private String storage;

    @Option(names = "--dry-run", description = "report what would be deleted, delete nothing")
    private boolean dryRun;

    @Option(names = "--prune-untagged", description = "also prune untagged manifests (as gc.prune-untagged: true)")
    private boolean pruneUntagged;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RegistryConfig resolved;
        GcOptions options;
        try {
            resolved = new ConfigLoader()
                    .file(config)
                    .environment(System.getenv())
                    .set(ConfigKey.STORAGE, storage)
                    .set(ConfigKey.GC_PRUNE_UNTAGGED, pruneUntagged ? "true" : null)
                    .load();
            options = GcOptions.of(resolved).withDryRun(dryRun);
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("berth: " + e.getMessage());
            return 2;
        }
        LogOutput.use(resolved.logFormat());
        LifecycleRules rules;
        try {
            rules = LifecycleRules.of(resolved.lifecycle());
        } catch (ConfigException e) {
            err.println("berth: " + e.getMessage());
            return 2;
        }
        Storage opened;
        try {
            opened = CommandStorage.open(resolved);
        } catch (CommandStorage.Refused e) {
            err.println("berth: " + e.getMessage());
            return e.exitCode();
        }
        try (Storage store = opened) {
            Registry registry =
                    new Registry(store, Clock.systemUTC(), resolved.gc().grace());
            // A collection that deletes first expires what the lifecycle rules select, as the server's do.
            GarbageCollector collector = new GarbageCollector(
                    registry, Clock.systemUTC(), GcListener.NONE, new Lifecycle(registry, Clock.systemUTC(), rules));
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "berth-gc-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(
                    () -> collector.progress().ifPresent(p -> {
                        err.println("berth gc: " + p);
                        err.flush();
                    }),
                    PROGRESS_EVERY.toMillis(),
                    PROGRESS_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                GcReport report = collector.run(options);
                out.println(report);
                out.flush();
                return 0;
            } finally {
                ticker.shutdownNow();
            }
        } catch (GcAlreadyRunningException e) {
            err.println("berth: " + e.getMessage());
            return 3;
        } catch (GcAbortedException | StorageException e) {
            err.println("berth: garbage collection stopped: " + e.getMessage()
                    + " (what was deleted was garbage; run again to finish)");
            return 1;
        }
    }
}
