package dev.berth.registry.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.storage.s3.S3ProxyServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob over 5 GiB pushed through the registry onto S3 (S3Proxy keeping objects on disk) and
 * pulled back: above S3's single-copy limit, so promotion must copy in UploadPartCopy ranges.
 * About two and a half minutes and 16 GiB of temporary disk; part of every full test run.
 */
@Tag("slow")
class LargeBlobOnS3Test {
    private static final long SIZE = 5L * 1024 * 1024 * 1024 + 3 * 1024 * 1024;
    private static final long PART_SIZE = 64L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aBlobOverFiveGibibytesPushesAndPulls() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.onDisk(dir);
        try {
            String bucket = s3.createBucket();
            RegistryConfig config = S3Registry.onBucket(
                            new ConfigLoader().set(ConfigKey.LISTEN, "127.0.0.1:0"), s3, bucket, PART_SIZE)
                    .load();
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            try (RegistryServer server = RegistryServer.start(config)) {
                URI base = URI.create("http://127.0.0.1:" + server.port());
                String upload = new RegistryHttp().start(base, "large/s3");
                Generated content = new Generated(SIZE);
                HttpResponse<String> patch = http.send(
                        HttpRequest.newBuilder(base.resolve(upload))
                                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> content))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(patch.statusCode()).as(patch.body()).isEqualTo(202);
                String digest = content.digest();
                new RegistryHttp().finish(base, upload, digest);

                HttpResponse<InputStream> pull = http.send(
                        HttpRequest.newBuilder(base.resolve("/v2/large/s3/blobs/" + digest))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(pull.statusCode()).isEqualTo(200);
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                long length = 0;
                try (InputStream in = pull.body()) {
                    byte[] buffer = new byte[1 << 20];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        md.update(buffer, 0, n);
                        length += n;
                    }
                }
                assertThat(length).isEqualTo(SIZE);
                assertThat("sha256:" + HexFormat.of().formatHex(md.digest())).isEqualTo(digest);
            }
        } finally {
            s3.stop();
        }
    }

    /** Pseudo-random bytes made as they are read, hashed on the way out; never held whole. */
    private static final class Generated extends InputStream {
        private final SplittableRandom random = new SplittableRandom(5);
        private final MessageDigest md;
        private long remaining;

        Generated(long size) throws Exception {
            this.remaining = size;
            this.md = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) random.nextInt(256);
            }
            md.update(b, off, n);
            remaining -= n;
            return n;
        }

        String digest() {
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        }
    }
}
