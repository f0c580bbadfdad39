package dev.berth.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.ConfigKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @Test
    void serveHelpDocumentsEveryOptionAndKey() {
        StringWriter out = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("serve", "--help")).isZero();
        String help = out.toString();
        assertThat(help).contains("--config", "--listen", "--storage");
        for (ConfigKey k : ConfigKey.values()) {
            assertThat(help).contains(k.key(), k.environmentVariable());
        }
    }

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /** What was printed to standard error: one line naming the problem, no stack trace. */
    void oneLine(String... expected) {
        String text = err.toString();
        assertThat(text).startsWith("berth: ").contains(expected).doesNotContain("\tat ", "Exception:");
        assertThat(text.strip().lines()).hasSize(1);
    }

    @Test
    void aBadCommandLineIsOneLineAndExitsTwo() {
        for (String[] args : List.of(
                new String[] {"--bogus"},
                new String[] {"serve", "--bogus"},
                new String[] {"gc", "--bogus"},
                new String[] {"user", "add", "--bogus"},
                new String[] {"user", "remove"})) {
            err.getBuffer().setLength(0);
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
            oneLine("--help");
        }
    }

    @Test
    void serveThatCannotOpenItsStorageSaysSoInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertThat(run("serve", "--listen", "127.0.0.1:0", "--storage", file.toString()))
                .isEqualTo(1);
        oneLine(file.toString());
    }

    @Test
    void serveWithUnusableTlsFilesSaysSoInOneLineBeforeTouchingStorage() throws Exception {
        Path certificate = Files.writeString(dir.resolve("chain.pem"), "not a certificate\n");
        Path config = Files.writeString(
                dir.resolve("berth.yml"),
                "tls:\n  certificate: " + certificate + "\n  key: " + dir.resolve("missing.pem") + "\n");
        assertThat(run(
                        "serve",
                        "--config",
                        config.toString(),
                        "--listen",
                        "127.0.0.1:0",
                        "--storage",
                        dir.resolve("data").toString()))
                .isEqualTo(2);
        oneLine("cannot read " + dir.resolve("missing.pem") + ": no such file");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void serveWithoutPicocliFailsAsServeWithIt() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        Path typo = Files.writeString(dir.resolve("typo.yml"), "lisen: 1\n");
        for (String[] args : List.of(
                new String[] {"serve", "--listen", "127.0.0.1:0", "--storage", file.toString()},
                new String[] {"serve", "--config", typo.toString()},
                new String[] {"serve", "--listen", "nowhere"})) {
            err.getBuffer().setLength(0);
            int picocli = run(args);
            String picocliSays = err.toString();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            PrintStream previous = System.err;
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int shortcut;
            try {
                shortcut = Main.serve(ServeArguments.plain(args).orElseThrow());
            } finally {
                System.setErr(previous);
            }
            assertThat(shortcut).as(String.join(" ", args)).isEqualTo(picocli).isNotZero();
            assertThat(stderr.toString(StandardCharsets.UTF_8))
                    .isEqualTo(picocliSays)
                    .startsWith("berth: ");
        }
    }

    @Test
    void gcThatCannotOpenItsStorageSaysSoInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertThat(run("gc", "--storage", file.toString())).isEqualTo(1);
        oneLine(file.toString());
    }
}
