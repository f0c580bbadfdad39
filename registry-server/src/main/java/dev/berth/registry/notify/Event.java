package dev.berth.registry.notify;

import java.time.Instant;
import java.util.UUID;

/**
 * One registry event: an action on a target by an actor in a request. Immutable and shared by
 * every endpoint's queue; the {@link Source} is added when the envelope is written.
 *
 * @param actor the account that made the request, or null for an anonymous caller
 */
public record Event(String id, Instant timestamp, Action action, Target target, RequestRecord request, String actor) {

    /** An event that happens now, with a fresh id. */
    public static Event now(Action action, Target target, RequestRecord request, String actor) {
        return new Event(UUID.randomUUID().toString(), Instant.now(), action, target, request, actor);
    }
}
