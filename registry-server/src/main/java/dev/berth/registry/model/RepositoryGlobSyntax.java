package dev.berth.registry.model;

import java.util.regex.Pattern;

/**
 * The glob syntax of repository patterns in the auth policy and in garbage-collection settings:
 * {@code *} matches within one path component, {@code **} across components, everything else is
 * literal.
 */
public final class RepositoryGlobSyntax {
    private RepositoryGlobSyntax() {}

    /** The regular expression that matches what {@code glob} matches. */
    public static String toRegex(String glob) {
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
}
