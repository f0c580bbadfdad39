package dev.berth.registry.gc;

import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import java.nio.file.Path;

/** {@link OnlineGcStressTest} on the filesystem driver. */
class FileSystemOnlineGcStressTest extends OnlineGcStressTest {
    @Override
    protected ConfigLoader storage(ConfigLoader config, Path scratch) {
        return config.set(ConfigKey.STORAGE, scratch.resolve("store").toString());
    }
}
