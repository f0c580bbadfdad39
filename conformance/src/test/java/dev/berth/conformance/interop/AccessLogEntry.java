package dev.berth.conformance.interop;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request as the server's access log records it: {@code ... INFO  access REMOTE METHOD PATH STATUS
 * in=N out=N ms=N}, where {@code in} and {@code out} count body bytes and the path has no query string.
 */
public record AccessLogEntry(String method, String path, int status, long in, long out, long millis) {

    // Not anchored at the line start: a stack trace printed by another thread may share the line.
    private static final Pattern LINE = Pattern.compile(
            "\\bINFO\\s+access\\s+\\S+\\s+(\\S+)\\s+(\\S+)\\s+(\\d{3})\\s+in=(\\d+)\\s+out=(\\d+)\\s+ms=(\\d+)");

    /** The entry on this line, or empty when the line is not an access-log line. */
    public static Optional<AccessLogEntry> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new AccessLogEntry(
                m.group(1),
                m.group(2),
                Integer.parseInt(m.group(3)),
                Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6))));
    }

    /** Whether this request went to {@code /v2/<repository>/blobs/uploads/} or an upload session below it. */
    public boolean isUploadTo(String repository) {
        return path.startsWith("/v2/" + repository + "/blobs/uploads/");
    }

    @Override
    public String toString() {
        return method + " " + path + " " + status + " in=" + in + " out=" + out;
    }
}
