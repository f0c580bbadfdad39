package dev.berth.registry.content;

/** The platform an image runs on, as an index entry or an image config states it; variant may be empty. */
public record Platform(String os, String architecture, String variant) {}
