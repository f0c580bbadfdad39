package dev.berth.conformance.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.berth.conformance.ClientAuth;
import dev.berth.conformance.Data;
import dev.berth.conformance.DirectoryStorageView;
import dev.berth.conformance.RegistryClient;
import dev.berth.conformance.StorageView;
import dev.berth.conformance.Trees;
import dev.berth.registry.RegistryServer;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An in-process Berth in auth mode basic or token, with three accounts and the policy
 * {@link #POLICY}, its storage, users file, policy and signing key in one temporary directory
 * that {@link #close()} removes.
 *
 * <ul>
 *   <li>{@value #ALICE}: everything on {@code alice/**}, {@code shared/**} and {@code public/**};
 *       no catalog.
 *   <li>{@value #BOB}: pull on {@code shared/**}; pull and push (no delete) on {@code bob/**};
 *       the catalog.
 *   <li>{@value #ADMIN} (group admins): everything, catalog and garbage collection included.
 *   <li>everyone, anonymous callers included: pull on {@code public/**}.
 * </ul>
 */
final class AuthServer implements AutoCloseable {

    static final String ALICE = "alice";
    static final String BOB = "bob";
    static final String ADMIN = "admin";
    static final String SERVICE = "berth";

    static final String POLICY = """
            groups:
              admins: [admin]
            rules:
              - subjects: ["*"]
                repositories: ["public/**"]
                actions: [pull]
              - subjects: ["user:alice"]
                repositories: ["alice/**", "shared/**", "public/**"]
                actions: ["*"]
              - subjects: ["user:bob"]
                repositories: ["shared/**"]
                actions: [pull]
              - subjects: ["user:bob"]
                repositories: ["bob/**"]
                actions: [pull, push]
              - subjects: ["user:bob"]
                registry: [catalog]
              - subjects: ["group:admins"]
                repositories: ["**"]
                actions: ["*"]
                registry: [catalog, gc]
            """;

    private final Path dir;
    private final Path storage;
    private final RegistryServer server;
    private final URI base;
    private final Map<String, String> passwords;
    private final StorageView view;

    private AuthServer(Path dir, Path storage, RegistryServer server, Map<String, String> passwords) {
        this.dir = dir;
        this.storage = storage;
        this.server = server;
        this.base = URI.create("http://127.0.0.1:" + server.port());
        this.passwords = passwords;
        this.view = new DirectoryStorageView(storage);
    }

    static AuthServer start(AuthConfig.Mode mode) {
        return start(mode, config -> {});
    }

    /** Starts a server of this mode; {@code keys} may set more configuration keys (realm, throttle, ...). */
    static AuthServer start(AuthConfig.Mode mode, Consumer<ConfigLoader> keys) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("berth-auth-test-");
            Path storage = Files.createDirectory(dir.resolve("storage"));
            Map<String, String> passwords = new LinkedHashMap<>();
            StringBuilder users = new StringBuilder();
            for (String user : new String[] {ALICE, BOB, ADMIN}) {
                String password = user + "-pw-" + Data.token(12);
                passwords.put(user, password);
                // Cost 4 rather than berth's 11: the server reads any cost, and tests log in often.
                users.append(user)
                        .append(':')
                        .append(BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, password.toCharArray()))
                        .append('\n');
            }
            Files.writeString(dir.resolve("users"), users, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("policy.yaml"), POLICY, StandardCharsets.UTF_8);
            ConfigLoader config = new ConfigLoader()
                    .set(ConfigKey.LISTEN, "127.0.0.1:0")
                    .set(ConfigKey.STORAGE, storage.toString())
                    .set(ConfigKey.AUTH_MODE, mode.configName())
                    .set(ConfigKey.AUTH_USERS, dir.resolve("users").toString())
                    .set(ConfigKey.AUTH_POLICY, dir.resolve("policy.yaml").toString())
                    .set(ConfigKey.AUTH_TOKEN_KEY, dir.resolve("token-key.jwk").toString());
            keys.accept(config);
            return new AuthServer(dir, storage, RegistryServer.start(config.load()), passwords);
        } catch (IOException e) {
            Trees.deleteTree(dir);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Trees.deleteTree(dir);
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            Trees.deleteTree(dir);
            throw e;
        }
    }

    URI base() {
        return base;
    }

    /** The token service URL challenges name when no realm is configured. */
    String defaultRealm() {
        return base + "/token";
    }

    String password(String user) {
        return passwords.get(user);
    }

    /** The private JWK the server signs its tokens with. */
    Path keyFile() {
        return dir.resolve("token-key.jwk");
    }

    /** A client that sends no credentials and answers no challenge: the registry's first answer. */
    RegistryClient raw() {
        return RegistryClient.connect(base, view);
    }

    /** A client that answers Bearer challenges with anonymous tokens. */
    RegistryClient anonymous() {
        return raw().withAuth(ClientAuth.anonymous());
    }

    /** A client signed in as {@code user}, fetching tokens (or sending Basic) as real clients do. */
    RegistryClient as(String user) {
        return raw().withAuth(ClientAuth.user(user, password(user)));
    }

    /** Every file (size) and directory (-1) under the storage directory. */
    Map<String, Long> snapshot() {
        return view.snapshot();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            Trees.deleteTree(dir);
        }
    }
}
