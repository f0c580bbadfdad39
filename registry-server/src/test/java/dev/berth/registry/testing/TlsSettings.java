package dev.berth.registry.testing;

import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig.TlsConfig;
import java.nio.file.Path;

/** The {@code tls.*} keys set on a loader, as an operator sets them, for tests of TLS. */
public final class TlsSettings {
    private TlsSettings() {}

    /** {@code tls.certificate} and {@code tls.key}, and {@code tls.client-ca} unless null, on {@code loader}. */
    public static ConfigLoader set(ConfigLoader loader, Path certificate, Path key, Path clientCa) {
        return loader.set(ConfigKey.TLS_CERTIFICATE, certificate.toString())
                .set(ConfigKey.TLS_KEY, key.toString())
                .set(ConfigKey.TLS_CLIENT_CA, clientCa == null ? null : clientCa.toString());
    }

    /** HTTPS with this chain and key. */
    public static TlsConfig of(Path certificate, Path key) {
        return of(certificate, key, null);
    }

    /** HTTPS with this chain and key, and mutual TLS with {@code clientCa} unless null. */
    public static TlsConfig of(Path certificate, Path key, Path clientCa) {
        return set(new ConfigLoader(), certificate, key, clientCa).load().tls();
    }
}
