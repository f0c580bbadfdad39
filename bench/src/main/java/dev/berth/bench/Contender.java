package dev.berth.bench;

import java.nio.file.Path;

/** A server the benchmark measures: Berth, CNCF distribution, or nginx as the ceiling for pulls. */
interface Contender {
    String name();

    /**
     * Starts a fresh instance on a free port, with its files (config, log, content) in {@code dir},
     * or its content on {@code s3} when that is not null.
     */
    ServerProcess start(Path dir, S3Endpoint s3);
}
