package dev.berth.conformance;

/** The three fields of an OCI descriptor the suite needs to reference content. */
public record Descriptor(String mediaType, String digest, long size) {}
