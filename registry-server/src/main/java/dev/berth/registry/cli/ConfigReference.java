package dev.berth.registry.cli;

import dev.berth.registry.config.ConfigKey;

/** Every configuration key with its environment variable, default and meaning, for {@code --help}. */
final class ConfigReference {
    private ConfigReference() {}

    static String text() {
        StringBuilder b = new StringBuilder("%nConfiguration keys (YAML key, environment variable, default):%n");
        for (ConfigKey k : ConfigKey.values()) {
            b.append(String.format(
                    "  %-28s %-36s %s%n      %s%n",
                    k.key(),
                    k.environmentVariable(),
                    k.defaultValue().isEmpty() ? "(unset)" : k.defaultValue(),
                    k.description()));
        }
        return b.toString().replace("%", "%%").replace("%%n", "%n");
    }
}
