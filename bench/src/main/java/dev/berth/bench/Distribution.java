package dev.berth.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CNCF distribution ({@code docker-registry}, Debian's 2.8.2) with Debian's packaged configuration
 * less auth, the storage health check and logging: the in-memory blob descriptor cache stays, logs
 * only errors, access log off. On S3 it serves blobs itself (no redirect) and purges no uploads.
 */
record Distribution(Path binary) implements Contender {
    @Override
    public String name() {
        return "distribution";
    }

    @Override
    public ServerProcess start(Path dir, S3Endpoint s3) {
        int port = ServerProcess.freePort();
        StringBuilder config = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: error\n  accesslog:\n    disabled: true\n")
                .append("storage:\n  cache:\n    blobdescriptor: inmemory\n  delete:\n    enabled: true\n");
        if (s3 == null) {
            config.append("  filesystem:\n    rootdirectory: ").append(dir.resolve("storage")).append('\n');
        } else {
            config.append("  s3:\n")
                    .append("    accesskey: ").append(s3.accessKey()).append('\n')
                    .append("    secretkey: ").append(s3.secretKey()).append('\n')
                    .append("    region: ").append(S3Endpoint.REGION).append('\n')
                    .append("    regionendpoint: ").append(s3.url()).append('\n')
                    .append("    bucket: ").append(s3.bucket()).append('\n')
                    .append("    rootdirectory: /registry\n")
                    .append("    secure: false\n")
                    .append("    v4auth: true\n")
                    // Blob GETs go through the registry, as Berth's do by default (s3.redirect: false).
                    .append("  redirect:\n    disable: true\n")
                    // Nothing in the background while requests are counted (it may start at once).
                    .append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
        }
        config.append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
        Path file = dir.resolve("config.yml");
        try {
            Files.writeString(file, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ServerProcess.start(name(), List.of(binary.toString(), "serve", file.toString()), port,
                dir.resolve("distribution.log"));
    }
}
