package dev.berth.registry.cli;

import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.content.Registry;
import dev.berth.registry.lifecycle.Lifecycle;
import dev.berth.registry.lifecycle.LifecycleRules;
import dev.berth.registry.lifecycle.RepositoryPlan;
import dev.berth.registry.model.RepositoryName;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code berth lifecycle}: applies the lifecycle rules ({@code repositories.lifecycle}) once to the
 * storage a server uses, or with {@code --dry-run} lists what they would expire and why. One line
 * per image on standard output.
 */
@Command(
        name = "lifecycle",
        mixinStandardHelpOptions = true,
        description = {
            "Expires images by the lifecycle rules (repositories.lifecycle) of the --config file, in "
                    + "its storage, while servers keep serving it: removes each expired image's tags and manifest; the "
                    + "next garbage collection (berth gc, or the server's schedule) reclaims the bytes. --dry-run lists "
                    + "what would expire, by which rule and why, and what a rule selects but keeps, and changes nothing.",
            "",
            "Exit status: 0 done, 1 failed part-way, 2 bad configuration."
        })
final class LifecycleCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (the server's)")
    private Path config;

    @Option(names = "--storage", paramLabel = "DIR", description = "storage directory (default ./data)")
    private String storage;

    @Option(names = "--dry-run", description = "list what would expire, change nothing")
    private boolean dryRun;

    @Option(names = "--repository", paramLabel = "NAME", description = "only this repository")
    private String repository;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RegistryConfig resolved;
        LifecycleRules rules;
        Optional<RepositoryName> only;
        try {
            resolved = new ConfigLoader()
                    .file(config)
                    .environment(System.getenv())
                    .set(ConfigKey.STORAGE, storage)
                    .load();
            rules = LifecycleRules.of(resolved.lifecycle());
            if (repository != null && !RepositoryName.isValid(repository)) {
                throw new ConfigException("--repository: '" + repository + "' is not a repository name");
            }
            only = Optional.ofNullable(repository).map(RepositoryName::new);
        } catch (ConfigException e) {
            err.println("berth: " + e.getMessage());
            return 2;
        }
        if (rules.isEmpty()) {
            err.println("berth: no lifecycle rules configured (repositories.lifecycle)");
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
            Lifecycle lifecycle = new Lifecycle(
                    new Registry(store, Clock.systemUTC(), resolved.gc().grace()), Clock.systemUTC(), rules);
            List<RepositoryPlan> plans = dryRun ? lifecycle.preview(only) : lifecycle.apply(only);
            long expired = 0;
            for (RepositoryPlan plan : plans) {
                for (RepositoryPlan.Expiry e : plan.expire()) {
                    out.println((dryRun ? "would expire " : "expired ") + plan.repository() + "@" + e.digest()
                            + " " + e.tags() + " by rule " + e.rule() + ": " + e.reason()
                            + (e.alongWith().isEmpty()
                                    ? ""
                                    : " (with " + e.alongWith().size() + " manifest(s) it lists"
                                            + " or that refer to it)"));
                }
                for (RepositoryPlan.Hold h : plan.held()) {
                    out.println("keeps " + plan.repository() + "@" + h.digest() + " " + h.tags() + " (rule " + h.rule()
                            + "): " + h.reason());
                }
                expired += plan.expire().size();
            }
            out.println((dryRun ? "dry run: would expire " : "expired ") + expired + " image(s) in "
                    + plans.size() + " repositor" + (plans.size() == 1 ? "y" : "ies") + " with rules"
                    + (dryRun ? "" : "; the next garbage collection reclaims their bytes"));
            out.flush();
            return 0;
        } catch (StorageException e) {
            err.println("berth: lifecycle stopped: " + e.getMessage() + " (run again to finish)");
            return 1;
        }
    }
}
