package dev.berth.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A relative, normalised object path: segments joined by {@code /}, each one non-empty, not
 * {@code .} or {@code ..}, and made only of {@code [A-Za-z0-9_.+-]}. It cannot name anything outside
 * the store's root, whatever a client sent, because such a path cannot be built.
 */
public record StoragePath(String value) implements Comparable<StoragePath> {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.+-]{1,255}");

    public StoragePath {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("empty storage path");
        }
        for (String segment : value.split("/", -1)) {
            checkSegment(segment, value);
        }
    }

    /** A path from segments, each of which may itself contain {@code /}-separated segments. */
    public static StoragePath of(String first, String... more) {
        StringBuilder b = new StringBuilder(first);
        for (String m : more) {
            b.append('/').append(m);
        }
        return new StoragePath(b.toString());
    }

    public StoragePath resolve(String child) {
        return new StoragePath(value + "/" + child);
    }

    /** The last segment. */
    public String name() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? value : value.substring(slash + 1);
    }

    public List<String> segments() {
        return new ArrayList<>(List.of(value.split("/")));
    }

    /** True when this path equals {@code prefix} or lies below it. */
    public boolean startsWith(StoragePath prefix) {
        return value.equals(prefix.value) || value.startsWith(prefix.value + "/");
    }

    private static void checkSegment(String segment, String whole) {
        if (segment.equals(".")
                || segment.equals("..")
                || !SEGMENT.matcher(segment).matches()) {
            throw new IllegalArgumentException("invalid storage path: " + whole);
        }
    }

    @Override
    public int compareTo(StoragePath o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
