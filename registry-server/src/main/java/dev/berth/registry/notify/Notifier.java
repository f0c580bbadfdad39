package dev.berth.registry.notify;

/**
 * Where the API reports what a successful request did. Implementations never block the caller and
 * never throw: a request's outcome does not depend on who listens.
 */
public interface Notifier {
    /**
     * Whether some endpoint would take an event of {@code action} in {@code repository}: callers
     * skip building events (and any lookup they need) nobody wants.
     */
    boolean wants(Action action, String repository);

    /** Hands the event to every endpoint that wants it, without waiting for delivery. */
    void publish(Event event);

    /** Nobody listens: no endpoints configured. */
    Notifier NONE = new Notifier() {
        @Override
        public boolean wants(Action action, String repository) {
            return false;
        }

        @Override
        public void publish(Event event) {}
    };
}
