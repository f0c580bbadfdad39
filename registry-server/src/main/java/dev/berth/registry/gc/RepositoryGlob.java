package dev.berth.registry.gc;

import dev.berth.registry.model.RepositoryGlobSyntax;
import dev.berth.registry.model.RepositoryName;
import java.util.regex.Pattern;

/** A repository name pattern: {@code *} within one path component, {@code **} across them, the rest literal. */
final class RepositoryGlob {
    private final String glob;
    private final Pattern pattern;

    private RepositoryGlob(String glob) {
        this.glob = glob;
        this.pattern = Pattern.compile(RepositoryGlobSyntax.toRegex(glob));
    }

    /** @throws IllegalArgumentException when {@code glob} is blank, has spaces or {@code ***} */
    static RepositoryGlob of(String glob) {
        if (glob == null || glob.isBlank() || glob.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("repository pattern '" + glob + "': must be non-empty, without spaces");
        }
        if (glob.contains("***")) {
            throw new IllegalArgumentException("repository pattern '" + glob + "': use * or **");
        }
        return new RepositoryGlob(glob);
    }

    boolean matches(RepositoryName repository) {
        return pattern.matcher(repository.value()).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
