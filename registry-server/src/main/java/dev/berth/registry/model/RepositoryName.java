package dev.berth.registry.model;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.util.regex.Pattern;

/**
 * A repository name per the distribution spec: lowercase path components separated by {@code /},
 * at most 255 characters in all. Such a name can never start with {@code _}, contain {@code ..}
 * or be absolute, so it is safe inside a storage path.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {

    public static final int MAX_LENGTH = 255;
    private static final Pattern GRAMMAR =
            Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

    public RepositoryName {
        if (value == null
                || value.length() > MAX_LENGTH
                || !GRAMMAR.matcher(value).matches()) {
            throw new RegistryException(ErrorCode.NAME_INVALID, "invalid repository name", value);
        }
    }

    public static boolean isValid(String value) {
        return value != null
                && value.length() <= MAX_LENGTH
                && GRAMMAR.matcher(value).matches();
    }

    @Override
    public int compareTo(RepositoryName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
