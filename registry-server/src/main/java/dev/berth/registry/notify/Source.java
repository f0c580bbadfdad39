package dev.berth.registry.notify;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * The server that generated an event, as distribution's {@code source}.
 *
 * @param addr       host name and port of this server
 * @param instanceId a random id of this run of the process
 */
public record Source(String addr, String instanceId) {

    /** This machine's host name with {@code port}, and a fresh instance id. */
    public static Source thisHost(int port) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return new Source(host + ":" + port, UUID.randomUUID().toString());
    }
}
