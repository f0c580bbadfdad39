package dev.berth.registry.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code berth serve} was given: {@code --config}, {@code --listen}, {@code --storage}, each
 * null when absent.
 *
 * <p>{@link #plain} reads the common forms of that command line without picocli, whose classes the
 * JVM can neither keep in the class data archive nor verify quickly (they are Java 5 bytecode):
 * building its command model would be about a third of the time to the first answer. It accepts only
 * what picocli reads the same way, and declines everything else ({@code --help}, {@code --opt=value},
 * a repeated option, a value that looks like an option or an {@code @file}, an unknown argument), so
 * that picocli parses it, with its messages and exit codes.
 */
record ServeArguments(Path config, String listen, String storage) {

    /** The arguments of {@code serve OPTION VALUE...}, or empty when picocli must read them. */
    static Optional<ServeArguments> plain(String... args) {
        if (args.length == 0 || !args[0].equals("serve") || (args.length - 1) % 2 != 0 || picocliTuned()) {
            return Optional.empty();
        }
        String config = null;
        String listen = null;
        String storage = null;
        for (int i = 1; i < args.length; i += 2) {
            String value = args[i + 1];
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
                return Optional.empty();
            }
            switch (args[i]) {
                case "--config" -> {
                    if (config != null) {
                        return Optional.empty();
                    }
                    config = value;
                }
                case "--listen" -> {
                    if (listen != null) {
                        return Optional.empty();
                    }
                    listen = value;
                }
                case "--storage" -> {
                    if (storage != null) {
                        return Optional.empty();
                    }
                    storage = value;
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(new ServeArguments(config == null ? null : Path.of(config), listen, storage));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Picocli reads system properties that change how it parses ({@code picocli.trimQuotes} and others). */
    private static boolean picocliTuned() {
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("picocli.")) {
                return true;
            }
        }
        return false;
    }
}
