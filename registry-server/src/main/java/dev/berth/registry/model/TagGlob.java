package dev.berth.registry.model;

import java.util.regex.Pattern;

/**
 * A tag pattern of the repository rules: {@code *} matches any run of characters, everything else
 * is literal ({@code latest}, {@code dev-*}, {@code *-rc*}). It is {@link RepositoryGlob}'s syntax
 * for names without {@code /}: a tag has no components, so {@code **} means what {@code *} does.
 *
 * <p>A value (equal when the text is), with its regular expression compiled once.
 */
public final class TagGlob {
    private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_.*-]{1,128}");

    private final String text;
    private final Pattern pattern;

    /**
     * @param text the pattern as written in config
     * @throws IllegalArgumentException (one line, naming the pattern) when {@code text} has a
     *     character no tag has, other than {@code *}, or is empty or longer than a tag
     */
    public TagGlob(String text) {
        if (text == null || !GRAMMAR.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "tag pattern '" + text + "': tag characters (letters, digits, _ . -) and * only, at most 128");
        }
        this.text = text;
        // The literal runs between stars, quoted and joined by ".*".
        StringBuilder regex = new StringBuilder();
        String[] literals = text.split("\\*+", -1);
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!literals[i].isEmpty()) {
                regex.append(Pattern.quote(literals[i]));
            }
        }
        this.pattern = Pattern.compile(regex.toString());
    }

    public boolean matches(Tag tag) {
        return pattern.matcher(tag.value()).matches();
    }

    /** The pattern as written in config. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TagGlob other && text.equals(other.text);
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
