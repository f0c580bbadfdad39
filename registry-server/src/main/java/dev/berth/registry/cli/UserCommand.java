package dev.berth.registry.cli;

import dev.berth.registry.auth.Htpasswd;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth user add|remove NAME}: edits the users file of auth modes basic and token. The
 * file is the one given with {@code --file}, or {@code auth.users} of the {@code --config} file
 * and the environment.
 */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        description = "Adds or removes accounts in the users file (htpasswd format, bcrypt).",
        subcommands = {UserCommand.Add.class, UserCommand.Remove.class})
final class UserCommand implements Runnable {
    /** Where the password comes from; tests replace it. */
    static InputStream stdin = System.in;

    static PrintStream stdout = System.out;
    static PrintStream stderr = System.err;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(stdout);
    }

    static final class Target {
        @Option(names = "--file", paramLabel = "FILE", description = "the users file")
        Path file;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "take the users file from auth.users of this config")
        Path config;

        Path resolve() {
            if (file != null) {
                return file;
            }
            return new ConfigLoader()
                    .file(config)
                    .environment(System.getenv())
                    .load()
                    .auth()
                    .users()
                    .orElseThrow(() -> new ConfigException("no users file: give --file, or set auth.users "
                            + "in the --config file or BERTH_AUTH_USERS"));
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Adds an account, or sets its password. The password is the first line of standard input "
                        + "(asked for without echo on a terminal). The file is created, mode 0600, when missing."
            })
    static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "account name")
        String name;

        @ArgGroup(exclusive = true)
        Target target = new Target();

        @Override
        public Integer call() {
            try {
                Path file = target.resolve();
                char[] password = readPassword();
                if (password == null || password.length == 0) {
                    stderr.println("berth: no password on standard input");
                    return 1;
                }
                boolean added = Htpasswd.put(file, name, password);
                java.util.Arrays.fill(password, '\0');
                stdout.println((added ? "added " : "updated ") + name + " in " + file);
                return 0;
            } catch (ConfigException | IllegalArgumentException e) {
                stderr.println("berth: " + e.getMessage());
                return 1;
            } catch (IOException e) {
                stderr.println("berth: cannot write the users file: " + e.getMessage());
                return 1;
            }
        }

        private static char[] readPassword() throws IOException {
            Console console = System.console();
            if (console != null && stdin == System.in) {
                return console.readPassword("Password: ");
            }
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            return line == null ? null : line.toCharArray();
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes an account.")
    static final class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "account name")
        String name;

        @ArgGroup(exclusive = true)
        Target target = new Target();

        @Override
        public Integer call() {
            try {
                Path file = target.resolve();
                if (!Htpasswd.remove(file, name)) {
                    stderr.println("berth: no account " + name + " in " + file);
                    return 1;
                }
                stdout.println("removed " + name + " from " + file);
                return 0;
            } catch (ConfigException e) {
                stderr.println("berth: " + e.getMessage());
                return 1;
            } catch (IOException e) {
                stderr.println("berth: cannot write the users file: " + e.getMessage());
                return 1;
            }
        }
    }
}
