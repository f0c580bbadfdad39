package dev.berth.registry.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.registry.model.Json;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Distribution's notification envelope, {@code {"events":[...]}}, with its fields in distribution's
 * order and left out where distribution leaves them out: empty target fields, the request's
 * {@code addr} and {@code host}, the actor's {@code name}; {@code actor} and {@code source} are
 * always objects, the request's {@code id}, {@code method} and {@code useragent} always present.
 */
final class Envelope {
    /** The body's media type, which receivers written for distribution check. */
    static final String MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

    private Envelope() {}

    static byte[] json(List<Event> events, Source source) {
        ObjectNode root = Json.object();
        ArrayNode list = root.putArray("events");
        for (Event e : events) {
            list.add(event(e, source));
        }
        return Json.bytes(root);
    }

    private static ObjectNode event(Event e, Source source) {
        ObjectNode event = Json.object();
        event.put("id", e.id());
        event.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(e.timestamp()));
        event.put("action", e.action().wireName());

        Target t = e.target();
        ObjectNode target = event.putObject("target");
        putIfSet(target, "mediaType", t.mediaType());
        putIfSet(target, "digest", t.digest());
        if (t.size() != null) {
            target.put("size", t.size());
            target.put("length", t.size());
        }
        putIfSet(target, "repository", t.repository());
        putIfSet(target, "fromRepository", t.fromRepository());
        putIfSet(target, "url", t.url());
        putIfSet(target, "tag", t.tag());

        RequestRecord r = e.request();
        ObjectNode request = event.putObject("request");
        request.put("id", r.id());
        putIfSet(request, "addr", r.addr());
        putIfSet(request, "host", r.host());
        request.put("method", r.method());
        request.put("useragent", r.userAgent() == null ? "" : r.userAgent());

        putIfSet(event.putObject("actor"), "name", e.actor());

        ObjectNode src = event.putObject("source");
        putIfSet(src, "addr", source.addr());
        putIfSet(src, "instanceID", source.instanceId());
        return event;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
