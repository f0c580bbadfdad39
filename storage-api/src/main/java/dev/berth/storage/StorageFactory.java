package dev.berth.storage;

import java.util.Map;

/**
 * A storage driver, as the server finds it: implementations are listed in
 * {@code META-INF/services/dev.berth.storage.StorageFactory} and loaded with
 * {@link java.util.ServiceLoader}, so the server names no driver class and a new driver is a jar on
 * the class path.
 *
 * <p>A storage location is {@code SCHEME://REST}; a location without {@code ://} is a directory and
 * belongs to the driver of the {@code file} scheme. Each driver reads its own settings, the
 * configuration keys that start with {@code SCHEME.} (for S3, {@code s3.region} and so on), given as
 * text exactly as configured.
 */
public interface StorageFactory {

    /** The location scheme this driver opens, such as {@code s3}, without {@code ://}. */
    String scheme();

    /**
     * Opens the storage at {@code location}, the part after {@code SCHEME://} (for {@code file},
     * the directory as given, which may be relative).
     *
     * @param settings this driver's keys ({@code SCHEME.NAME}) with their values; a key that is
     *     missing takes its default
     * @throws IllegalArgumentException when the location or a setting is invalid or unknown; the
     *     message is one line and names the key
     * @throws StorageException when the storage cannot be reached
     */
    Storage open(String location, Map<String, String> settings);

    /**
     * A short description of the storage for a log line, without credentials. The same validation
     * as {@link #open} need not happen here.
     */
    default String describe(String location, Map<String, String> settings) {
        return scheme() + "://" + location;
    }
}
