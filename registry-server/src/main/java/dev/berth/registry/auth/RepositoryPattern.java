package dev.berth.registry.auth;

import dev.berth.registry.config.ConfigException;
import dev.berth.registry.model.RepositoryGlobSyntax;
import java.util.regex.Pattern;

/**
 * A repository glob of the policy: {@code *} within one path component, {@code **} across
 * components, {@code ${user}} for the caller's account name, everything else literal.
 */
final class RepositoryPattern {
    static final String USER = "${user}";

    private final String glob;
    /** Compiled once when the glob does not name the user; otherwise per match. */
    private final Pattern fixed;

    private RepositoryPattern(String glob) {
        this.glob = glob;
        this.fixed = glob.contains(USER) ? null : Pattern.compile(RepositoryGlobSyntax.toRegex(glob));
    }

    static RepositoryPattern of(String glob) {
        if (glob.isBlank() || glob.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException("repository pattern '" + glob + "': must be non-empty, without spaces");
        }
        String rest = glob.replace(USER, "");
        if (rest.contains("$") || rest.contains("{") || rest.contains("}")) {
            throw new ConfigException("repository pattern '" + glob + "': the only variable is " + USER);
        }
        if (rest.contains("***")) {
            throw new ConfigException("repository pattern '" + glob + "': use * or **");
        }
        return new RepositoryPattern(glob);
    }

    /** True when {@code repository} matches for the caller {@code account} (null: anonymous). */
    boolean matches(String repository, String account) {
        if (fixed != null) {
            return fixed.matcher(repository).matches();
        }
        if (account == null) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        String[] parts = glob.split(Pattern.quote(USER), -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(Pattern.quote(account));
            }
            regex.append(RepositoryGlobSyntax.toRegex(parts[i]));
        }
        return Pattern.compile(regex.toString()).matcher(repository).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
