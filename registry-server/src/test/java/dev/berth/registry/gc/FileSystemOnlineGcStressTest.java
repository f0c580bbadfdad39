package dev.berth.registry.gc;

import dev.berth.registry.config.RegistryConfig;
import java.nio.file.Path;

/** {@link OnlineGcStressTest} on the filesystem driver. */
class FileSystemOnlineGcStressTest extends OnlineGcStressTest {
    @Override
    protected RegistryConfig storage(RegistryConfig base, Path scratch) {
        return base.withStorage(scratch.resolve("store").toString());
    }
}
