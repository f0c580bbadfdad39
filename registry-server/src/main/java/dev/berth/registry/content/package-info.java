/**
 * Stored registry content above the storage SPI: the global deduplicated blob store with
 * per-repository links, upload sessions, cross-repository mounts, manifest revisions, tags, the
 * referrers index, the catalog, the records of when images were pushed, tags moved and images
 * pulled ({@link dev.berth.registry.content.ImageRecords}), and the rules pushes follow beyond
 * access: tags that never move ({@link dev.berth.registry.content.ImmutableTags}) and quotas
 * ({@link dev.berth.registry.content.Quotas}, which also tell usage), both checked by
 * {@link dev.berth.registry.content.ManifestStore#put} before it writes anything; and what the
 * management API shows of it ({@link dev.berth.registry.content.Inventory}: sizes, sharing, totals;
 * {@link dev.berth.registry.content.ImageDeletions}: batch deletion). Start reading at
 * {@link dev.berth.registry.content.Registry}; every storage path comes from
 * {@link dev.berth.registry.content.RegistryLayout}, whose javadoc draws the tree.
 * {@link dev.berth.registry.content.BlobStore} alone decides whether content is stored or already
 * there. What is kept in memory instead of read again is immutable content (blob sizes, manifest
 * bytes: {@link dev.berth.registry.content.Registry#caches()}); links, revisions, tags and the
 * records claims rely on are read from storage every time. Nothing here speaks HTTP: a refusal that tells the client more is a typed exception
 * carrying values (an upload out of order, content being deleted), which the HTTP layer turns into
 * headers.
 */
package dev.berth.registry.content;
