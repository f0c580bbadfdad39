package dev.berth.registry.http.tls;

import dev.berth.registry.config.ConfigException;

/**
 * A TLS file that cannot be used: unreadable, not PEM, a key that does not belong to the
 * certificate. The message names the file and the problem in words an operator can act on. At
 * start it stops the server as any bad setting does; on a reload the previous files stay in use.
 */
public final class TlsFileException extends ConfigException {
    TlsFileException(String message) {
        super(message);
    }

    TlsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
