package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The auth files of a {@link BerthProcess} in token mode, set up as an operator would: a users file
 * written by {@code java -jar berth.jar user add NAME --file FILE} (password on standard input), a
 * policy file, and a place for the signing key the server generates at its first start. They live
 * in a temporary directory of their own that {@link #close()} removes; {@link #environment()} is
 * what the server is started with ({@code BERTH_AUTH_*}).
 */
public final class BerthAuth implements AutoCloseable {

    /** alice may do everything everywhere, the catalog included; nobody else anything. */
    public static final String ALICE_EVERYWHERE = """
            rules:
              - subjects: ["user:alice"]
                repositories: ["**"]
                actions: ["*"]
                registry: [catalog]
            """;

    private final Path dir;
    private final Map<String, String> passwords;
    private final Map<String, String> environment;

    private BerthAuth(Path dir, Map<String, String> passwords, Map<String, String> environment) {
        this.dir = dir;
        this.passwords = passwords;
        this.environment = environment;
    }

    /** Token mode with these accounts (each gets a random password) and this policy YAML. */
    public static BerthAuth token(String policy, String... accounts) throws IOException, InterruptedException {
        Path dir = TempDirs.create("berth-interop-auth-");
        try {
            Path users = dir.resolve("users");
            Map<String, String> passwords = new LinkedHashMap<>();
            for (String account : accounts) {
                String password = randomPassword();
                addUser(users, account, password);
                passwords.put(account, password);
            }
            Path policyFile = dir.resolve("policy.yaml");
            Files.writeString(policyFile, policy, StandardCharsets.UTF_8);
            Map<String, String> env = Map.of(
                    "BERTH_AUTH_MODE", "token",
                    "BERTH_AUTH_USERS", users.toString(),
                    "BERTH_AUTH_POLICY", policyFile.toString(),
                    "BERTH_AUTH_TOKEN_KEY", dir.resolve("token-key.jwk").toString());
            return new BerthAuth(dir, passwords, env);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            TempDirs.deleteTree(dir);
            throw e;
        }
    }

    /** {@code BERTH_AUTH_*} for {@link BerthProcess#start(Map, String...)}. */
    public Map<String, String> environment() {
        return environment;
    }

    public String password(String account) {
        String password = passwords.get(account);
        if (password == null) {
            throw new IllegalArgumentException("no account " + account);
        }
        return password;
    }

    @Override
    public void close() {
        TempDirs.deleteTree(dir);
    }

    private static void addUser(Path users, String account, String password) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                BerthProcess.locateJar().toString(),
                "user",
                "add",
                account,
                "--file",
                users.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("BERTH_"));
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("berth user add " + account + " did not finish within 60 s\n" + output);
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(users)) {
            fail("berth user add " + account + " exited with " + process.exitValue() + "\n" + output);
        }
        if (output.contains(password)) {
            fail("berth user add printed the password:\n" + output);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "pw-" + HexFormat.of().formatHex(bytes);
    }
}
