package dev.berth.registry.cli;

import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.http.tls.OwnCertificateTrust;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code berth health}: asks a running server whether it serves, for a container's
 * {@code HEALTHCHECK} (slim JRE images have no curl or wget). Without {@code --url} it finds the
 * server where {@code serve} would listen with the same settings, so a changed listen address needs
 * no second setting; with {@code tls.*} set it asks over HTTPS, trusting the certificates of the
 * server's own {@code tls.certificate} file ({@link OwnCertificateTrust}).
 */
@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        description = {
            "Asks a running server on this host whether it serves: GET /healthz (or --ready: /readyz) at "
                    + "the address the listen setting names (--config, BERTH_LISTEN, --listen, as for serve), or at --url; "
                    + "over HTTPS when tls.certificate is set, trusting that file's certificates.",
            "",
            "Exit status: 0 healthy (200), 1 not (no answer in time, or another status), 2 bad configuration."
        })
final class HealthCommand implements Callable<Integer> {
    /** Addresses that mean "every interface": the server is then reached on loopback. */
    private static final Set<String> ANY = Set.of("", "0.0.0.0", "::", "[::]");

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (the server's)")
    private Path config;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "the server's listen address")
    private String listen;

    @Option(names = "--url", paramLabel = "URL", description = "ask this URL instead")
    private URI url;

    @Option(names = "--ready", description = "ask /readyz: does storage answer too")
    private boolean ready;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "give up after this many seconds (default ${DEFAULT-VALUE})")
    private int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        URI target;
        Duration timeout = Duration.ofSeconds(Math.max(1, timeoutSeconds));
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        try {
            RegistryConfig server = new ConfigLoader()
                    .file(config)
                    .environment(System.getenv())
                    .set(ConfigKey.LISTEN, listen)
                    .load();
            String scheme = server.tls().enabled() ? "https" : "http";
            target = url != null
                    ? url
                    : URI.create(scheme + "://" + loopback(server.listen()) + (ready ? "/readyz" : "/healthz"));
            if (server.tls().enabled()) {
                builder.sslContext(OwnCertificateTrust.context(server.tls()));
            }
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("berth: " + e.getMessage());
            return 2;
        }
        HttpClient client = builder.build();
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(target).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                out.println(target + ": " + response.body());
                return 0;
            }
            err.println(target + ": " + response.statusCode() + " " + response.body());
            return 1;
        } catch (IOException e) {
            err.println(target + ": no answer: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** {@code HOST:PORT} to reach a server listening on {@code listen} from the same host. */
    static String loopback(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException("listen: expected HOST:PORT, got " + listen);
        }
        String host = listen.substring(0, colon);
        return (ANY.contains(host) ? "127.0.0.1" : host) + listen.substring(colon);
    }
}
