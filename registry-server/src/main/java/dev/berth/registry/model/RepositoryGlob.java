package dev.berth.registry.model;

import java.util.regex.Pattern;

/**
 * A repository pattern of the auth policy and of garbage collection's keep list: {@code *} matches
 * within one path component, {@code **} across components, {@code ${user}} stands for the caller's
 * account (policy only; see {@link #expand}), everything else is literal.
 *
 * <p>A value (equal when the text is), with its regular expression compiled once: policies match
 * every rule's globs on every request.
 */
public final class RepositoryGlob {
    public static final String USER = "${user}";

    private final String text;
    private final Pattern pattern;

    /**
     * @param text the glob as written in config
     * @throws IllegalArgumentException (one line, naming the pattern) when {@code text} is blank,
     *     has spaces, {@code ***} or a variable other than {@code ${user}}
     */
    public RepositoryGlob(String text) {
        if (text == null || text.isBlank() || text.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("repository pattern '" + text + "': must be non-empty, without spaces");
        }
        String rest = text.replace(USER, "");
        if (rest.contains("$") || rest.contains("{") || rest.contains("}")) {
            throw new IllegalArgumentException("repository pattern '" + text + "': the only variable is " + USER);
        }
        if (rest.contains("***")) {
            throw new IllegalArgumentException("repository pattern '" + text + "': use * or **");
        }
        this.text = text;
        this.pattern = Pattern.compile(regex(text));
    }

    /** The glob as written in config. */
    public String text() {
        return text;
    }

    /** True when the glob names the caller and so must be {@linkplain #expand expanded} before it matches. */
    public boolean namesUser() {
        return text.contains(USER);
    }

    /**
     * This glob for the caller {@code account}, whose name stands literally for {@code ${user}}.
     *
     * @throws IllegalArgumentException when {@code account} has characters of the glob syntax,
     *     which no account name has
     */
    public RepositoryGlob expand(String account) {
        if (account.contains("*") || account.contains("$") || account.contains("{") || account.contains("}")) {
            throw new IllegalArgumentException("account '" + account + "' cannot stand in a repository pattern");
        }
        return new RepositoryGlob(text.replace(USER, account));
    }

    /**
     * The leading path components without wildcards, under which every match lies ({@code team-a}
     * for {@code team-a/**}, the whole text when it has none, empty for {@code **} or
     * {@code team-*}/x): where to look for repositories that may match.
     */
    public String literalPrefix() {
        int star = text.indexOf('*');
        if (star < 0) {
            return text;
        }
        int slash = text.lastIndexOf('/', star);
        return slash < 0 ? "" : text.substring(0, slash);
    }

    /** True when {@code repository} matches; a glob that {@linkplain #namesUser names the user} matches nothing. */
    public boolean matches(String repository) {
        return !namesUser() && pattern.matcher(repository).matches();
    }

    private static String regex(String text) {
        StringBuilder out = new StringBuilder();
        int literalStart = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '*') {
                continue;
            }
            if (i > literalStart) {
                out.append(Pattern.quote(text.substring(literalStart, i)));
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
                out.append(".*");
                i++;
            } else {
                out.append("[^/]*");
            }
            literalStart = i + 1;
        }
        if (literalStart < text.length()) {
            out.append(Pattern.quote(text.substring(literalStart)));
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepositoryGlob other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
