/**
 * Stored registry content above the storage SPI: the global deduplicated blob store with
 * per-repository links, upload sessions, cross-repository mounts, manifest revisions, tags, the
 * referrers index, the catalog, and the records of when images were pushed, tags moved and images
 * pulled ({@link dev.berth.registry.content.ImageRecords}). Start reading at
 * {@link dev.berth.registry.content.Registry}; every storage path comes from
 * {@link dev.berth.registry.content.RegistryLayout}, whose javadoc draws the tree.
 * {@link dev.berth.registry.content.BlobStore} alone decides whether content is stored or already
 * there. Nothing here speaks HTTP: a refusal that tells the client more is a typed exception
 * carrying values (an upload out of order, content being deleted), which the HTTP layer turns into
 * headers.
 */
package dev.berth.registry.content;
