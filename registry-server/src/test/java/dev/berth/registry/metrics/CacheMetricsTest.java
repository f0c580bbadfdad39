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
        RepositoryName repo = new RepositoryName("metered/app");
        Digest unknown = Digest.of(DigestAlgorithm.SHA256, new byte[] {7});
        registry.guard().claim(unknown);
        registry.guard().claim(unknown);

        assertThat(meters.get("cache.gets")
                        .tags("cache", "gc-claims", "result", "hit")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("cache.gets")
                        .tags("cache", "gc-claims", "result", "miss")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("cache.size").tags("cache", "blob-sizes").gauge().value())
                .isZero();
        assertThat(meters.find("cache.gets").tags("cache", "manifest-contents").meters())
                .isNotEmpty();
        assertThat(registry.blobs().find(repo, unknown)).isEmpty();
    }
}
