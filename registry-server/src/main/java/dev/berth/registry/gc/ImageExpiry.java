package dev.berth.registry.gc;

/**
 * What expires images before a collection marks, so that the same run sweeps their bytes: the
 * lifecycle rules ({@code dev.berth.registry.lifecycle.Lifecycle}).
 */
@FunctionalInterface
public interface ImageExpiry {
    /** Nothing expires. */
    ImageExpiry NONE = () -> 0;

    /** Expires what is due; how many images expired. */
    long expire();
}
