package dev.berth.registry.gc;

import dev.berth.registry.model.RepositoryName;
import java.util.regex.Pattern;

/** A repository name pattern: {@code *} within one path component, {@code **} across them, the rest literal. */
final class RepositoryGlob {
    private final String glob;
    private final Pattern pattern;

    private RepositoryGlob(String glob) {
        this.glob = glob;
        this.pattern = Pattern.compile(regex(glob));
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

    private static String regex(String glob) {
        StringBuilder out = new StringBuilder();
        int literalStart = 0;
        for (int i = 0; i < glob.length(); i++) {
            if (glob.charAt(i) != '*') {
                continue;
            }
            if (i > literalStart) {
                out.append(Pattern.quote(glob.substring(literalStart, i)));
            }
            if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                out.append(".*");
                i++;
            } else {
                out.append("[^/]*");
            }
            literalStart = i + 1;
        }
        if (literalStart < glob.length()) {
            out.append(Pattern.quote(glob.substring(literalStart)));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return glob;
    }
}
