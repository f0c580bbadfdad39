package dev.berth.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.ConfigKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

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
}
