package dev.berth.registry.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A blob pushed in chunks of random sizes between 1 byte and 40 MiB, on S3 storage, pulls back
 * identical: chunks smaller than a part are gathered, larger ones split across parts.
 */
class RandomChunksTest {
    private static final int MAX_CHUNK = 40 * 1024 * 1024;

    @Test
    void randomChunkSizesPullBackIdentical() throws Exception {
        Random random = new Random(20261127);
        List<Integer> sizes = new ArrayList<>(List.of(1, 1, MAX_CHUNK, 3, 5 * 1024 * 1024 - 1, 2));
        for (int i = 0; i < 12; i++) {
            int bucket = random.nextInt(3);
            sizes.add(
                    bucket == 0
                            ? 1 + random.nextInt(1024)
                            : bucket == 1 ? 1 + random.nextInt(6 * 1024 * 1024) : 1 + random.nextInt(MAX_CHUNK));
        }
        int total = sizes.stream().mapToInt(Integer::intValue).sum();
        byte[] content = new byte[total];
        random.nextBytes(content);
        String digest = RegistryHttp.sha256(content);

        RegistryHttp http = new RegistryHttp();
        RegistryConfig config = S3Registry.onNewBucket(new ConfigLoader().set(ConfigKey.LISTEN, "127.0.0.1:0"))
                .load();
        try (RegistryServer server = RegistryServer.start(config)) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            String upload = http.start(base, "chunks/random");
            int offset = 0;
            for (int size : sizes) {
                http.patch(base, upload, content, offset, size);
                offset += size;
            }
            http.finish(base, upload, digest);
            assertThat(http.pullDigest(base, "chunks/random", digest)).isEqualTo(digest);
        }
    }
}
