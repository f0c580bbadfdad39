package dev.berth.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UserCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        UserCommand.stdin = System.in;
        UserCommand.stdout = System.out;
        UserCommand.stderr = System.err;
    }

    private int run(String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        UserCommand.stdin = in;
        UserCommand.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        UserCommand.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new CommandLine(new Main()).execute(args);
    }

    private static boolean verifies(String line, String password) {
        String hash = line.substring(line.indexOf(':') + 1);
        return BCrypt.verifyer().verify(password.toCharArray(), hash.toCharArray()).verified;
    }

    @Test
    void addReadsTheFirstLineAndCreatesTheFile0600() throws Exception {
        Path file = dir.resolve("users");
        assertThat(run("s3cret\nignored\n", "user", "add", "alice", "--file", file.toString()))
                .isZero();
        assertThat(out.toString()).contains("added alice");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("alice:$2y$");
        assertThat(verifies(lines.get(0), "s3cret")).isTrue();
        assertThat(Files.readString(file)).doesNotContain("s3cret");

        assertThat(run("changed\r\n", "user", "add", "alice", "--file", file.toString()))
                .isZero();
        assertThat(out.toString()).contains("updated alice");
        assertThat(verifies(Files.readAllLines(file).get(0), "changed")).isTrue();
    }

    @Test
    void theFileCanComeFromTheConfig() throws Exception {
        Path users = dir.resolve("users");
        Path config = Files.writeString(dir.resolve("berth.yml"), "auth:\n  users: " + users + "\n");
        assertThat(run("pw\n", "user", "add", "bob", "--config", config.toString()))
                .isZero();
        assertThat(Files.readString(users)).startsWith("bob:$2y$");
        assertThat(run("", "user", "remove", "bob", "--config", config.toString()))
                .isZero();
        assertThat(Files.readString(users)).doesNotContain("bob");
        assertThat(run("", "user", "remove", "bob", "--config", config.toString()))
                .isEqualTo(1);
    }

    @Test
    void refusesNoPasswordBadNamesAndNoFile() {
        Path file = dir.resolve("users");
        assertThat(run("", "user", "add", "alice", "--file", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no password");
        assertThat(run("pw\n", "user", "add", "al:ice", "--file", file.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("invalid account name");
        assertThat(Files.exists(file)).isFalse();
        assertThat(run(
                        "pw\n",
                        "user",
                        "add",
                        "alice",
                        "--config",
                        dir.resolve("empty.yml").toString()))
                .isEqualTo(1);
    }
}
