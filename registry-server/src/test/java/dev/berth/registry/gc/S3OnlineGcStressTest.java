package dev.berth.registry.gc;

import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.s3.S3Registry;
import java.nio.file.Path;

/** The online GC stress test on S3 storage. */
class S3OnlineGcStressTest extends OnlineGcStressTest {
    @Override
    protected ConfigLoader storage(ConfigLoader config, Path scratch) {
        return S3Registry.onNewBucket(config);
    }
}
