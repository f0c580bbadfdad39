package dev.berth.conformance;

import dev.berth.registry.auth.Htpasswd;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The auth side of the registry under test.
 *
 * <p>In-process, {@value #AUTH_PROPERTY} picks the auth mode: {@code none} (the default), or
 * {@code token} / {@code basic} with one account, {@value #USER}, that a policy file allows
 * everything (every repository, every action, the catalog, administration). Users file, policy and
 * token signing key live in a temporary directory of their own, not beside the storage, so that tests which
 * snapshot the storage see only what requests wrote. Maven's {@code token} surefire execution runs
 * the whole suite in token mode; the client then gets its tokens as docker does.
 *
 * <p>Against a URL, {@value #USERNAME_PROPERTY} and {@value #PASSWORD_PROPERTY} name the account
 * the client signs in with; without them it answers Bearer challenges with anonymous tokens.
 */
final class TargetAuth implements AutoCloseable {

    static final String AUTH_PROPERTY = "registry.auth";
    static final String USERNAME_PROPERTY = "registry.username";
    static final String PASSWORD_PROPERTY = "registry.password";
    static final String USER = "conformance";

    private static final String ALLOW_ALL_POLICY = """
            rules:
              - subjects: ["user:%s"]
                repositories: ["**"]
                actions: ["*"]
                registry: [catalog, gc]
            """.formatted(USER);

    private final AuthConfig.Mode mode;
    private final Path dir;
    private final String password;

    private TargetAuth(AuthConfig.Mode mode, Path dir, String password) {
        this.mode = mode;
        this.dir = dir;
        this.password = password;
    }

    /** The auth of an in-process server, as {@value #AUTH_PROPERTY} asks. */
    static TargetAuth inProcess() {
        String value = System.getProperty(AUTH_PROPERTY, "").trim();
        AuthConfig.Mode mode = value.isEmpty() ? AuthConfig.Mode.NONE : AuthConfig.Mode.parse(value);
        if (mode == AuthConfig.Mode.NONE) {
            return new TargetAuth(mode, null, null);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("berth-conformance-auth-");
            String password = "pw-" + Data.token(24);
            Htpasswd.put(dir.resolve("users"), USER, password.toCharArray());
            Files.writeString(dir.resolve("policy.yaml"), ALLOW_ALL_POLICY, StandardCharsets.UTF_8);
            return new TargetAuth(mode, dir, password);
        } catch (IOException | RuntimeException e) {
            if (dir != null) {
                Trees.deleteTree(dir);
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** How to sign in to a registry given by URL. */
    static ClientAuth remote() {
        String user = System.getProperty(USERNAME_PROPERTY, "").trim();
        return user.isEmpty()
                ? ClientAuth.anonymous()
                : ClientAuth.user(user, System.getProperty(PASSWORD_PROPERTY, ""));
    }

    /** {@code config} with this auth mode; the signing key is generated at start. */
    ConfigLoader apply(ConfigLoader config) {
        if (mode == AuthConfig.Mode.NONE) {
            return config;
        }
        return config.set(ConfigKey.AUTH_MODE, mode.configName())
                .set(ConfigKey.AUTH_USERS, dir.resolve("users").toString())
                .set(ConfigKey.AUTH_POLICY, dir.resolve("policy.yaml").toString())
                .set(ConfigKey.AUTH_TOKEN_KEY, dir.resolve("token-key.jwk").toString());
    }

    /** How the suite's client signs in. */
    ClientAuth client() {
        return mode == AuthConfig.Mode.NONE ? ClientAuth.none() : ClientAuth.user(USER, password);
    }

    @Override
    public String toString() {
        return mode == AuthConfig.Mode.NONE
                ? "auth none"
                : "auth " + mode.configName() + " as '" + USER + "' (allowed everything)";
    }

    @Override
    public void close() {
        if (dir != null) {
            Trees.deleteTree(dir);
        }
    }
}
