package dev.berth.bench;

import java.time.Duration;

/**
 * How big and how long each scenario is: the full run (the figures compared with the targets), or a
 * quick smoke run for developers.
 *
 * @param blob             the large blob pushed in one PUT, in PATCHes, and pulled
 * @param chunk            PATCH size of the chunked push
 * @param pushers          parallel pushing clients
 * @param blobsPerPusher   blobs each of them pushes, one after another
 * @param pusherBlob       size of those blobs
 * @param manifestClients  concurrent connections asking for the manifest
 * @param smallPushers     concurrent clients pushing small blobs
 * @param smallBlob        size of those blobs
 * @param warmupBlob       blob pushed (in one PUT and in PATCHes) and pulled before anything is measured
 * @param warmup           load before a rate is measured (JIT compilation, connection set-up)
 * @param measure          how long a rate is measured
 * @param flatPush         the push during which memory must stay flat; 0: the one-PUT push of {@code blob}
 * @param s3Blob           the blob pushed (in one PUT and in PATCHes) and pulled when counting S3 requests
 * @param s3Chunk          PATCH size then
 */
record Sizes(long blob, long chunk, int pushers, int blobsPerPusher, long pusherBlob, int manifestClients,
        int smallPushers, long smallBlob, long warmupBlob, Duration warmup, Duration measure, long flatPush, long s3Blob,
        long s3Chunk) {

    static Sizes full(boolean big) {
        return new Sizes(Units.GIB, 16 * Units.MIB, 8, 16, 16 * Units.MIB, 16, 8, 4 * Units.KIB,
                256 * Units.MIB, Duration.ofSeconds(2), Duration.ofSeconds(5), big ? 10 * Units.GIB : 0, 100 * Units.MIB,
                5 * Units.MIB);
    }

    static Sizes quick(boolean big) {
        return new Sizes(128 * Units.MIB, 16 * Units.MIB, 8, 2, 16 * Units.MIB, 16, 8, 4 * Units.KIB,
                32 * Units.MIB, Duration.ofMillis(500), Duration.ofMillis(1500), big ? Units.GIB : 0, 20 * Units.MIB,
                5 * Units.MIB);
    }

    /** The size of the push memory is watched during. */
    long flatPushSize() {
        return flatPush == 0 ? blob : flatPush;
    }
}
