package dev.berth.registry.content;

/**
 * The whole store's totals, so that the saving from deduplication is visible.
 *
 * @param storedBytes     the size of every blob in the global blob store, each once: the bytes on disk
 * @param referencedBytes of those, the blobs some repository's manifests reference, each once
 * @param logicalBytes    the sum of every repository's stored size: what the repositories would
 *     take without sharing content
 */
public record StoreTotals(
        int repositoryCount,
        long imageCount,
        long blobCount,
        long storedBytes,
        long referencedBytes,
        long logicalBytes) {

    /** What deduplication saves: logical bytes not stored a second time. */
    public long dedupSavedBytes() {
        return logicalBytes - referencedBytes;
    }

    /** Blobs no manifest references (uploaded alone, or left by deletions): candidates for garbage collection. */
    public long unreferencedBytes() {
        return storedBytes - referencedBytes;
    }
}
