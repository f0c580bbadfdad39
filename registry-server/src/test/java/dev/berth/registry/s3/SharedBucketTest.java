package dev.berth.registry.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Two servers on one bucket, as behind a load balancer: an upload moves between them. */
class SharedBucketTest {
    final RegistryHttp http = new RegistryHttp();

    @Test
    void anUploadBegunOnOneServerFinishesOnTheOther() throws Exception {
        RegistryConfig config = S3Registry.onNewBucket(new ConfigLoader().set(ConfigKey.LISTEN, "127.0.0.1:0"))
                .load();
        byte[] content = new byte[13 * 1024 * 1024 + 7];
        new Random(7).nextBytes(content);
        String digest = RegistryHttp.sha256(content);
        try (RegistryServer a = RegistryServer.start(config);
                RegistryServer b = RegistryServer.start(config)) {
            URI baseA = URI.create("http://127.0.0.1:" + a.port());
            URI baseB = URI.create("http://127.0.0.1:" + b.port());
            String upload = http.start(baseA, "shared/app");
            http.patch(baseA, upload, content, 0, 6 * 1024 * 1024 + 3);
            http.patch(baseB, upload, content, 6 * 1024 * 1024 + 3, 1024);
            http.patch(baseA, upload, content, 6 * 1024 * 1024 + 1027, content.length - (6 * 1024 * 1024 + 1027));
            http.finish(baseB, upload, digest);

            assertThat(http.pullDigest(baseA, "shared/app", digest)).isEqualTo(digest);
            assertThat(http.pullDigest(baseB, "shared/app", digest)).isEqualTo(digest);
        }
    }
}
