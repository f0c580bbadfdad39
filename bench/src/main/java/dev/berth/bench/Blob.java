package dev.berth.bench;

/**
 * One distinct blob of {@link BlobData}: {@code size} bytes of the shared random pattern whose last
 * {@link BlobData#TRAILER} bytes are {@code trailer}, unique to this blob, so no two pushes dedup.
 *
 * @param digest {@code sha256:<hex>} of the whole content
 */
record Blob(long size, byte[] trailer, String digest) {
}
