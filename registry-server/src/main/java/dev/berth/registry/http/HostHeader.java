package dev.berth.registry.http;

import java.util.regex.Pattern;

/**
 * The {@code Host} header when Berth builds URLs from it (the token realm without
 * {@code auth.realm}). The client writes that header, so only a plain {@code host[:port]} is
 * taken: a name of letters, digits, dots, hyphens and underscores, an IPv4 address or a bracketed
 * IPv6 address, and a port up to 65535. Quotes, spaces, commas, slashes, {@code @} and control
 * characters, which could rewrite a challenge or point clients elsewhere, never pass.
 */
final class HostHeader {
    private static final Pattern HOST_PORT = Pattern.compile(
            "(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}\\])(?::(?<port>[0-9]{1,5}))?");

    private HostHeader() {}

    static boolean isValid(String value) {
        if (value == null) {
            return false;
        }
        var m = HOST_PORT.matcher(value);
        return m.matches() && (m.group("port") == null || Integer.parseInt(m.group("port")) <= 65535);
    }
}
