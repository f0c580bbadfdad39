package dev.berth.registry.testing;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import dev.berth.registry.config.RegistryConfig.AuthConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/** Clocks, users files and configs the auth tests share. */
public final class AuthFixtures {
    public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private AuthFixtures() {}

    /** A clock the test moves by hand. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        public void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A caffeine ticker the test moves by hand. */
    public static final class ManualTicker implements com.github.benmanes.caffeine.cache.Ticker {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        public void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }

        @Override
        public long read() {
            return nanos.get();
        }
    }

    /** A cheap bcrypt hash (cost 4) in the given version, $2y$ unless told. */
    public static String hash(String password, BCrypt.Version version) {
        return BCrypt.with(version).hashToString(4, password.toCharArray());
    }

    public static String hash(String password) {
        return hash(password, BCrypt.Version.VERSION_2Y);
    }

    /** Writes a users file of {@code name, password, name, password…}. */
    public static Path usersFile(Path dir, String... namesAndPasswords) throws IOException {
        StringBuilder b = new StringBuilder("# test users\n");
        for (int i = 0; i < namesAndPasswords.length; i += 2) {
            b.append(namesAndPasswords[i])
                    .append(':')
                    .append(hash(namesAndPasswords[i + 1]))
                    .append('\n');
        }
        return Files.writeString(dir.resolve("users"), b.toString(), StandardCharsets.UTF_8);
    }

    public static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The defaults with {@code auth.mode} and the key file inside {@code dir}; set more keys on it. */
    public static ConfigLoader config(Path dir, AuthConfig.Mode mode) {
        return new ConfigLoader()
                .set(ConfigKey.AUTH_MODE, mode.configName())
                .set(ConfigKey.AUTH_TOKEN_KEY, dir.resolve("token-key.jwk").toString());
    }
}
