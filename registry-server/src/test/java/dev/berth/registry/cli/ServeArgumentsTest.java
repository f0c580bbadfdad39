package dev.berth.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

class ServeArgumentsTest {
    @Test
    void readsWhatPicocliReadsTheSameWay() {
        for (List<String> args : List.of(
                List.of("serve"),
                List.of("serve", "--config", "/etc/berth.yml"),
                List.of("serve", "--listen", "127.0.0.1:5000", "--storage", "/data"),
                List.of("serve", "--storage", "relative/dir", "--config", "b.yml", "--listen", ":5000"),
                List.of("serve", "--listen", "[::1]:5000"),
                List.of("serve", "--storage", "s3://bucket/prefix"),
                List.of("serve", "--storage", "with space"),
                List.of("serve", "--storage", "\"quoted\""))) {
            Optional<ServeArguments> plain = ServeArguments.plain(args.toArray(String[]::new));
            assertThat(plain).as(args.toString()).isPresent();
            ParseResult serve =
                    Main.commandLine().parseArgs(args.toArray(String[]::new)).subcommand();
            assertThat(plain.get().config()).as(args.toString()).isEqualTo(serve.matchedOptionValue("--config", null));
            assertThat(plain.get().listen()).as(args.toString()).isEqualTo(serve.matchedOptionValue("--listen", null));
            assertThat(plain.get().storage())
                    .as(args.toString())
                    .isEqualTo(serve.matchedOptionValue("--storage", null));
        }
    }

    @Test
    void leavesEverythingElseToPicocli() {
        for (List<String> args : List.<List<String>>of(
                List.of(),
                List.of("--help"),
                List.of("gc"),
                List.of("serve", "--help"),
                List.of("serve", "-h"),
                List.of("serve", "--version"),
                List.of("serve", "--config"),
                List.of("serve", "--config=berth.yml"),
                List.of("serve", "--listen", "127.0.0.1:1", "--listen", "127.0.0.1:2"),
                List.of("serve", "--config", "--listen"),
                List.of("serve", "--config", "-"),
                List.of("serve", "--config", ""),
                List.of("serve", "--config", "@args.txt"),
                List.of("serve", "@args.txt"),
                List.of("serve", "--bogus", "x"),
                List.of("serve", "extra", "argument"),
                List.of("serve", "--", "--config"),
                List.of("serve", "--config", "nul\0byte"),
                List.of("SERVE", "--config", "b.yml"))) {
            assertThat(ServeArguments.plain(args.toArray(String[]::new)))
                    .as(args.toString())
                    .isEmpty();
        }
    }

    @Test
    void picocliSettingsInSystemPropertiesLeaveItToPicocli() {
        System.setProperty("picocli.trimQuotes", "true");
        try {
            assertThat(ServeArguments.plain("serve", "--storage", "\"quoted\"")).isEmpty();
        } finally {
            System.clearProperty("picocli.trimQuotes");
        }
        assertThat(ServeArguments.plain("serve", "--storage", "/data"))
                .contains(new ServeArguments(null, null, "/data"));
        assertThat(ServeArguments.plain("serve", "--config", "b.yml"))
                .contains(new ServeArguments(Path.of("b.yml"), null, null));
    }
}
