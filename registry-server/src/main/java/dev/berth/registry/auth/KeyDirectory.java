package dev.berth.registry.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the servers of one store publish the public halves of their token signing keys, so that a
 * token one server signs is accepted by all of them (see the token mode's {@code TrustedKeys}). Entries are small
 * JSON documents named by key ID; writing one again refreshes its time.
 */
public interface KeyDirectory {

    /** A published document and when it was last written. */
    record Entry(String keyId, byte[] content, Instant written) {}

    /** Writes (or rewrites) the document of {@code keyId}. */
    void publish(String keyId, byte[] content);

    /** The document of {@code keyId}, if published; {@code keyId} is already known to be well formed. */
    Optional<Entry> find(String keyId);

    /** Every published document. */
    List<Entry> all();

    /** Removes the document of {@code keyId}; nothing happens when there is none. */
    void remove(String keyId);

    /** No store: only this server's own key is trusted. */
    KeyDirectory NONE = new KeyDirectory() {
        @Override
        public void publish(String keyId, byte[] content) {}

        @Override
        public Optional<Entry> find(String keyId) {
            return Optional.empty();
        }

        @Override
        public List<Entry> all() {
            return List.of();
        }

        @Override
        public void remove(String keyId) {}
    };
}
