package dev.berth.registry.notify;

import java.util.Locale;

/** What happened to an event's target, named as distribution names it in {@code action}. */
public enum Action {
    PUSH,
    PULL,
    MOUNT,
    DELETE;

    /** The name in the envelope and in configuration: {@code push}, {@code pull}, {@code mount}, {@code delete}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Action parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
