package dev.berth.registry.content;

import dev.berth.registry.model.Digest;

/** A manifest as a repository serves it. */
public record StoredManifest(byte[] content, String mediaType, Digest digest) {}
