package dev.berth.registry.auth;

import dev.berth.registry.config.ConfigException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which client a request comes from, for login throttling and auth log lines. The connection's
 * peer, unless that peer is a configured reverse proxy ({@code auth.trusted-proxies}): then
 * {@code X-Forwarded-For} is read from its right end, skipping trusted proxies, and the first
 * address that is not one is the client. Anyone else's {@code X-Forwarded-For} is ignored, since a
 * client could write any address there and so escape its own throttling or impose it on others.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** An address range: the first {@code bits} bits of {@code network}. */
    private record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int shift = network.length * 8 - bits;
            return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Parses addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}); literals only, no names. */
    public static TrustedProxies of(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            int slash = entry.indexOf('/');
            byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash))
                    .orElseThrow(() -> new ConfigException(
                            "auth.trusted-proxies: '" + entry + "' is not an IP address or CIDR range"));
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new ConfigException("auth.trusted-proxies: '" + entry + "' has an invalid prefix length");
                }
            }
            ranges.add(new Range(network, bits));
        }
        return new TrustedProxies(List.copyOf(ranges));
    }

    /**
     * The client's address: {@code peer} (the connection's) or, when that is a trusted proxy, what
     * {@code forwardedFor} (every {@code X-Forwarded-For} line, in order) says. An entry that is
     * not an address (or has a port) ends the walk at the last trusted hop.
     */
    public String clientAddress(String peer, List<String> forwardedFor) {
        if (ranges.isEmpty() || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String line : forwardedFor) {
            for (String hop : line.split(",")) {
                hops.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0 && trusted(client); i--) {
            Optional<byte[]> next = literal(hops.get(i));
            if (next.isEmpty()) {
                break;
            }
            client = address(next.get());
        }
        return client;
    }

    private boolean trusted(String address) {
        Optional<byte[]> bytes = literal(address);
        return bytes.isPresent() && ranges.stream().anyMatch(r -> r.contains(bytes.get()));
    }

    /** The bytes of an IPv4 or IPv6 literal; never a name lookup. */
    private static Optional<byte[]> literal(String text) {
        boolean v4 = text != null && IPV4.matcher(text).matches();
        if (text == null
                || !(v4 || IPV6.matcher(text).matches())
                || (v4 && java.util.Arrays.stream(text.split("\\.")).anyMatch(o -> Integer.parseInt(o) > 255))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
