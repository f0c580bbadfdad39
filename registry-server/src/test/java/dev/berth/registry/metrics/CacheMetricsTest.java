package dev.berth.registry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.content.Registry;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.DigestAlgorithm;
import dev.berth.registry.model.RepositoryName;
import dev.berth.storage.memory.InMemoryStorage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class CacheMetricsTest {
    @Test
    void eachCacheIsMeteredUnderItsName() {
        Registry registry = new Registry(new InMemoryStorage(), Clock.systemUTC());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CacheMetrics.bind(meters, registry.caches());
        Digest digest = Digest.of(DigestAlgorithm.SHA256, new byte[] {7});
        registry.blobs().sizes().put(digest, 1L);
        registry.blobs().sizes().getIfPresent(digest);
        registry.blobs().sizes().getIfPresent(Digest.of(DigestAlgorithm.SHA256, new byte[] {8}));

        assertThat(gets(meters, "blob-sizes", "hit")).isEqualTo(1);
        assertThat(gets(meters, "blob-sizes", "miss")).isEqualTo(1);
        assertThat(meters.get("cache.size").tags("cache", "blob-sizes").gauge().value())
                .isEqualTo(1);
        assertThat(gets(meters, "manifest-contents", "hit")).isZero();
        assertThat(registry.blobs().find(new RepositoryName("metered/app"), digest))
                .as("no link")
                .isEmpty();
    }

    private static double gets(SimpleMeterRegistry meters, String cache, String result) {
        return meters.get("cache.gets")
                .tags("cache", cache, "result", result)
                .functionCounter()
                .count();
    }
}
