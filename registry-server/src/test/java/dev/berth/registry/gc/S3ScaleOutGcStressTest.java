package dev.berth.registry.gc;

import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.s3.S3Registry;
import java.nio.file.Path;

/**
 * Three servers on one S3 bucket, each running its scheduled garbage collection and idle-upload
 * purge every second, while clients push through all of them: the collections never overlap (the
 * lease), purges of the same sessions on several servers are harmless, and no acknowledged image
 * loses a blob.
 */
class S3ScaleOutGcStressTest extends OnlineGcStressTest {
    @Override
    protected ConfigLoader storage(ConfigLoader config, Path scratch) {
        return S3Registry.onNewBucket(config);
    }

    @Override
    protected int servers() {
        return 3;
    }

    @Override
    protected boolean scheduled() {
        return true;
    }
}
