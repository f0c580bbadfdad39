/**
 * Stored registry content above the storage SPI: the global deduplicated blob store with
 * per-repository links, upload sessions, manifest revisions, tags, the referrers index and the
 * catalog. Start reading at {@link dev.berth.registry.content.Registry}; every storage path comes
 * from {@link dev.berth.registry.content.RegistryLayout}, whose javadoc draws the tree.
 */
package dev.berth.registry.content;
