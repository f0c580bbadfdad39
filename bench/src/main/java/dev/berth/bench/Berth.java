package dev.berth.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Berth from its jar, with the JVM flags of the container image (bench/run reads them from the
 * Dockerfile's ENTRYPOINT), no auth (the default) and the access log off.
 */
record Berth(Path jar, List<String> jvmFlags) implements Contender {
    @Override
    public String name() {
        return "Berth";
    }

    @Override
    public ServerProcess start(Path dir, S3Endpoint s3) {
        int port = ServerProcess.freePort();
        StringBuilder config = new StringBuilder()
                .append("listen: 127.0.0.1:").append(port).append('\n')
                .append("log:\n  access: false\n");
        if (s3 == null) {
            config.append("storage: ").append(dir.resolve("storage")).append('\n');
        } else {
            config.append("storage: s3://").append(s3.bucket()).append("/registry\n")
                    .append("s3:\n")
                    .append("  endpoint: ").append(s3.url()).append('\n')
                    .append("  region: ").append(S3Endpoint.REGION).append('\n')
                    .append("  path-style: true\n")
                    .append("  access-key: ").append(s3.accessKey()).append('\n')
                    .append("  secret-key: ").append(s3.secretKey()).append('\n');
        }
        Path file = dir.resolve("berth.yml");
        try {
            Files.writeString(file, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--config", file.toString()));
        return ServerProcess.start(name(), command, port, dir.resolve("berth.log"));
    }
}
