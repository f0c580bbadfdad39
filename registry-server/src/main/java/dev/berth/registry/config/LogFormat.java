package dev.berth.registry.config;

import java.util.Locale;

/** How log lines are written ({@code log.format}): plain text, or one JSON object per line. */
public enum LogFormat {
    TEXT,
    JSON;

    public static LogFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("log.format: expected text or json, not '" + text + "'");
        }
    }
}
