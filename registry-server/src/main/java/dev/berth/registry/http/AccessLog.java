package dev.berth.registry.http;

import dev.berth.registry.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the {@code berth.access} logger (unless {@code log.access} is false): client address, method, path, status,
 * body bytes in and out, milliseconds, the authenticated user and the repository ({@code -} where
 * there is none). The same values travel as key-value pairs, which the JSON log format writes as
 * fields of their own, with the route template besides. Query strings are left out: they may carry
 * credentials. Every field but the numbers and the template comes from the client and is escaped
 * ({@link LogText}).
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("berth.access");

    /** One answered request; {@code user} and {@code repository} are null where there is none. */
    record Entry(
            String client,
            String method,
            String path,
            String route,
            int status,
            long bytesIn,
            long bytesOut,
            long millis,
            String user,
            String repository) {}

    private AccessLog() {}

    static void log(Entry e) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String client = LogText.escape(e.client());
        String method = LogText.escape(e.method());
        String path = LogText.escape(e.path());
        String user = LogText.escape(e.user());
        String repository = LogText.escape(e.repository());
        LOG.atInfo()
                .setMessage("{} {} {} {} in={} out={} ms={} user={} repo={}")
                .addArgument(client)
                .addArgument(method)
                .addArgument(path)
                .addArgument(e.status())
                .addArgument(e.bytesIn())
                .addArgument(e.bytesOut())
                .addArgument(e.millis())
                .addArgument(user == null ? "-" : user)
                .addArgument(repository == null ? "-" : repository)
                .addKeyValue("client", client)
                .addKeyValue("method", method)
                .addKeyValue("path", path)
                .addKeyValue("route", e.route())
                .addKeyValue("status", e.status())
                .addKeyValue("bytes_in", e.bytesIn())
                .addKeyValue("bytes_out", e.bytesOut())
                .addKeyValue("duration_ms", e.millis())
                .addKeyValue("user", user)
                .addKeyValue("repository", repository)
                .log();
    }
}
