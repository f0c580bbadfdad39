package dev.berth.registry.gc;

import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.s3.S3Registry;
import java.nio.file.Path;

/** The online GC stress test on S3 storage. */
class S3OnlineGcStressTest extends OnlineGcStressTest {
    @Override
    protected RegistryConfig storage(RegistryConfig base, Path scratch) {
        return S3Registry.onNewBucket(base);
    }
}
