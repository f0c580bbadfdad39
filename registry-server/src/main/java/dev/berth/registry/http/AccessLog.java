package dev.berth.registry.http;

import dev.berth.registry.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the {@code berth.access} logger (unless {@code log.access} is false):
 * method, path, status, body bytes in and out, milliseconds. Query strings are left out: they may
 * carry credentials in later auth modes.
 * Every field but the numbers comes from the client and is escaped ({@link LogText}).
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("berth.access");

    private AccessLog() {}

    static void log(String remote, String method, String path, int status, long bytesIn, long bytesOut, long millis) {
        if (LOG.isInfoEnabled()) {
            LOG.info("{} {} {} {} in={} out={} ms={}", LogText.escape(remote), LogText.escape(method),
                    LogText.escape(path), status, bytesIn, bytesOut, millis);
        }
    }
}
