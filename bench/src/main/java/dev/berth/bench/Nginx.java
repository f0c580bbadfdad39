package dev.berth.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * nginx serving static files from {@code <dir>/www} with sendfile, one worker, access log off: the
 * ceiling for a blob GET over loopback on this machine. It answers {@code /v2/} like a registry so
 * that {@link ServerProcess} sees it ready.
 */
record Nginx(Path binary) implements Contender {
    @Override
    public String name() {
        return "nginx";
    }

    static Path root(Path dir) {
        return dir.resolve("www");
    }

    @Override
    public ServerProcess start(Path dir, S3Endpoint s3) {
        int port = ServerProcess.freePort();
        Path conf = dir.resolve("nginx.conf");
        String config = """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    client_body_temp_path %1$s/tmp;
                    proxy_temp_path %1$s/tmp;
                    fastcgi_temp_path %1$s/tmp;
                    uwsgi_temp_path %1$s/tmp;
                    scgi_temp_path %1$s/tmp;
                    server {
                        listen 127.0.0.1:%2$d;
                        root %3$s;
                        location = /v2/ { return 200 '{}'; }
                    }
                }
                """.formatted(dir, port, root(dir));
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(conf, config);
            // Workers run as an unprivileged user when nginx starts as root: they must reach the files.
            for (Path p = root(dir); p != null && p.startsWith(dir.getParent()); p = p.getParent()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ServerProcess.start(name(), List.of(binary.toString(), "-p", dir.toString(), "-e",
                dir.resolve("error.log").toString(), "-c", conf.toString()), port, dir.resolve("nginx.log"));
    }
}
