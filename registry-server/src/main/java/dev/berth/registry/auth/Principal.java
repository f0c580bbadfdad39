package dev.berth.registry.auth;

/** Who made a request, and what they may do. */
public interface Principal {
    /** The account name, or null for an anonymous caller. */
    String account();

    /** True when this caller may perform {@code action} on the resource {@code type:name}. */
    boolean may(String type, String name, String action);

    /** True for a caller no rule restricts, so lookups on its behalf need no filtering. */
    default boolean unrestricted() {
        return false;
    }

    /** A caller that may do everything (auth mode {@code none}). */
    Principal ANYONE = new Principal() {
        @Override
        public boolean unrestricted() {
            return true;
        }

        @Override
        public String account() {
            return null;
        }

        @Override
        public boolean may(String type, String name, String action) {
            return true;
        }
    };
}
