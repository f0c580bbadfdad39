package dev.berth.registry.notify;

/**
 * The request that caused an event, as distribution's {@code request}.
 *
 * @param id        unique per request; several events of one request share it
 * @param addr      the client's address
 * @param host      the {@code Host} the client asked for
 * @param method    the HTTP method
 * @param userAgent the {@code User-Agent} header, or empty
 */
public record RequestRecord(String id, String addr, String host, String method, String userAgent) {}
