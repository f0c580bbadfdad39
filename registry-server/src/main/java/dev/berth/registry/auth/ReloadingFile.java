package dev.berth.registry.auth;

import dev.berth.registry.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value parsed from a file and parsed again when the file changes (its modification time or
 * size), looked at no more often than {@code checkInterval} so a busy server does not stat it on
 * every request. The first parse must succeed (a ConfigException at start); a later file that
 * does not parse, or that went missing, leaves the last good value in force and is logged, so an
 * edit in progress never locks everybody out.
 */
public final class ReloadingFile<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingFile.class);

    private record Stamp(FileTime modified, long size) {}

    private final Path file;
    private final Function<Path, T> parser;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private volatile T value;
    private volatile Stamp stamp;
    private volatile long checkedAt;

    /** @param parser reads the file; throws ConfigException on bad content */
    ReloadingFile(Path file, Function<Path, T> parser, Duration checkInterval, LongSupplier nanoTime) {
        this.file = file;
        this.parser = parser;
        this.intervalNanos = checkInterval.toNanos();
        this.nanoTime = nanoTime;
        Stamp now = stamp(file);
        if (now == null) {
            throw new ConfigException(file + ": no such file");
        }
        this.value = parser.apply(file);
        this.stamp = now;
        this.checkedAt = nanoTime.getAsLong();
    }

    public ReloadingFile(Path file, Function<Path, T> parser) {
        this(file, parser, Duration.ofSeconds(1), System::nanoTime);
    }

    Path file() {
        return file;
    }

    public T get() {
        long now = nanoTime.getAsLong();
        if (now - checkedAt >= intervalNanos) {
            reloadIfChanged(now);
        }
        return value;
    }

    private synchronized void reloadIfChanged(long now) {
        if (now - checkedAt < intervalNanos && intervalNanos > 0) {
            return;
        }
        checkedAt = now;
        Stamp current;
        try {
            current = stamp(file);
        } catch (ConfigException e) {
            LOG.warn("{}; keeping what it said before", e.getMessage());
            return;
        }
        if (current == null) {
            if (stamp != null) {
                LOG.warn("{} has gone; keeping what it said before", file);
                stamp = null;
            }
            return;
        }
        if (current.equals(stamp)) {
            return;
        }
        try {
            value = parser.apply(file);
            LOG.info("reloaded {}", file);
        } catch (ConfigException e) {
            LOG.warn("{} changed but cannot be used, keeping what it said before: {}", file, e.getMessage());
        }
        stamp = current;
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime(), a.size());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
