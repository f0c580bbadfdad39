package dev.berth.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.testing.TestCa;
import dev.berth.registry.testing.TlsSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth health}, the container's health check: exit 0 only when the server answers 200. */
class HealthCommandTest {
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @Test
    void healthyAndReadyServerExitsZero() throws Exception {
        RegistryConfig config = new ConfigLoader()
                .set(ConfigKey.LISTEN, "127.0.0.1:0")
                .set(ConfigKey.STORAGE, dir.toString())
                .load();
        try (RegistryServer server = RegistryServer.start(config)) {
            assertThat(run("health", "--listen", "0.0.0.0:" + server.port()))
                    .as(err.toString())
                    .isZero();
            assertThat(out.toString()).contains("http://127.0.0.1:" + server.port() + "/healthz", "\"ok\"");
            assertThat(run("health", "--ready", "--listen", "127.0.0.1:" + server.port()))
                    .as(err.toString())
                    .isZero();
            assertThat(run("health", "--url", "http://127.0.0.1:" + server.port() + "/v2/nothing/tags/list"))
                    .as("a status other than 200")
                    .isEqualTo(1);
        }
    }

    @Test
    void asksOverHttpsTrustingTheServersOwnCertificate() throws Exception {
        TestCa ca = TestCa.root("Health Test Root", TestCa.KeyType.EC);
        TestCa.Issued own = ca.server("registry", TestCa.KeyType.EC);
        Path chain = own.writeChain(dir.resolve("chain.pem"));
        Path key = own.writeKey(dir.resolve("key.pem"), TestCa.KeyFormat.PKCS8);
        RegistryConfig config = TlsSettings.set(
                        new ConfigLoader().set(ConfigKey.LISTEN, "127.0.0.1:0").set(ConfigKey.STORAGE, dir.toString()),
                        chain,
                        key,
                        null)
                .load();
        try (RegistryServer server = RegistryServer.start(config)) {
            Path yaml = Files.writeString(
                    dir.resolve("berth.yml"),
                    "listen: 0.0.0.0:" + server.port() + "\n" + "tls:\n  certificate: " + chain + "\n  key: " + key
                            + "\n");
            assertThat(run("health", "--config", yaml.toString()))
                    .as(err.toString())
                    .isZero();
            assertThat(out.toString()).contains("https://127.0.0.1:" + server.port() + "/healthz", "\"ok\"");

            // Another server's certificate, though from the same authority, is not this server's.
            TestCa.Issued other = ca.server("registry", TestCa.KeyType.EC);
            Path otherYaml = Files.writeString(
                    dir.resolve("other.yml"),
                    "listen: 127.0.0.1:" + server.port() + "\n" + "tls:\n  certificate: "
                            + other.writeChain(dir.resolve("other.pem")) + "\n  key: " + key + "\n");
            assertThat(run("health", "--config", otherYaml.toString(), "--timeout", "5"))
                    .isEqualTo(1);
            assertThat(run("health", "--listen", "127.0.0.1:" + server.port(), "--timeout", "5"))
                    .as("plain HTTP to the HTTPS listener")
                    .isEqualTo(1);
        }
    }

    @Test
    void noServerExitsOne() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        assertThat(run("health", "--listen", "127.0.0.1:" + port, "--timeout", "2"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("no answer");
        assertThat(run("health", "--listen", "no-port")).isEqualTo(2);
    }

    @Test
    void anyAddressIsReachedOnLoopback() {
        assertThat(HealthCommand.loopback("0.0.0.0:5000")).isEqualTo("127.0.0.1:5000");
        assertThat(HealthCommand.loopback("[::]:5000")).isEqualTo("127.0.0.1:5000");
        assertThat(HealthCommand.loopback(":5000")).isEqualTo("127.0.0.1:5000");
        assertThat(HealthCommand.loopback("10.0.0.7:5000")).isEqualTo("10.0.0.7:5000");
    }

    private int run(String... args) {
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
