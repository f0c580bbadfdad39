package dev.berth.registry.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The accounts of the users file ({@link Htpasswd}), re-read when it changes.
 *
 * <p>An unknown account costs as much as a known one: its password is checked against a dummy
 * hash of the file's usual bcrypt cost, so response times do not tell which names exist.
 *
 * <p>Basic mode sends the password with every request; a bcrypt check for each blob would cap a
 * push at a few requests a second per core. So a successful check is remembered for a minute as
 * an HMAC (with a key that lives only in this process) of name, password and stored hash: the
 * plain password is never kept, and changing a password invalidates what was remembered.
 */
public final class Users {
    /** Checks a password against a stored hash; a seam so tests can see every check happen. */
    interface PasswordCheck {
        boolean matches(char[] password, String hash);
    }

    static final PasswordCheck BCRYPT = (password, hash) -> {
        BCrypt.Result r = BCrypt.verifyer(
                        BCrypt.Version.VERSION_2Y, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2Y))
                .verify(password, hash.toCharArray());
        return r.validFormat && r.verified;
    };

    private record Snapshot(Map<String, String> hashes, String dummyHash) {}

    private final ReloadingFile<Snapshot> file;
    private final PasswordCheck check;
    private final Cache<String, Boolean> recent;
    private final byte[] cacheKey = new byte[32];

    Users(Path path, PasswordCheck check, Duration checkInterval) {
        this.check = check;
        this.file = new ReloadingFile<>(path, p -> snapshot(Htpasswd.read(p)), checkInterval, System::nanoTime);
        this.recent = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMinutes(1))
                .maximumSize(10_000)
                .recordStats()
                .build();
        new SecureRandom().nextBytes(cacheKey);
    }

    /** Password checks that succeeded within the last minute (keyed by a keyed hash), for metrics. */
    public Cache<String, Boolean> checks() {
        return recent;
    }

    static Users load(Path path) {
        return load(path, Duration.ofSeconds(1));
    }

    /** The accounts of {@code path}, whose changes are noticed when {@code checkInterval} has passed since the last look. */
    public static Users load(Path path, Duration checkInterval) {
        return new Users(path, BCRYPT, checkInterval);
    }

    public Path path() {
        return file.file();
    }

    boolean exists(String name) {
        return name != null && file.get().hashes().containsKey(name);
    }

    /** True when {@code name} exists and {@code password} is its password. */
    boolean verify(String name, char[] password) {
        Snapshot s = file.get();
        String hash = name == null ? null : s.hashes().get(name);
        if (hash != null) {
            String key = cacheKey(name, password, hash);
            if (recent.getIfPresent(key) != null) {
                return true;
            }
            if (check.matches(password, hash)) {
                recent.put(key, Boolean.TRUE);
                return true;
            }
            return false;
        }
        check.matches(password, s.dummyHash());
        return false;
    }

    /**
     * A short fingerprint of the account's current hash: a refresh token carries it, so changing
     * the password (or removing the account) retires the refresh tokens issued before.
     */
    Optional<String> stamp(String name) {
        String hash = name == null ? null : file.get().hashes().get(name);
        if (hash == null) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().formatHex(Arrays.copyOf(sha256(hash.getBytes(StandardCharsets.UTF_8)), 12)));
    }

    private String cacheKey(String name, char[] password, String hash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] bytes = new byte[pw.remaining()];
            pw.get(bytes);
            mac.update(bytes);
            Arrays.fill(bytes, (byte) 0);
            mac.update((byte) 0);
            mac.update(hash.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The dummy hash has the cost most of the file's hashes have, so it takes as long to check. */
    private static Snapshot snapshot(Map<String, String> hashes) {
        int cost = hashes.values().stream()
                .collect(Collectors.groupingBy(h -> Integer.parseInt(h.substring(4, 6)), Collectors.counting()))
                .entrySet()
                .stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(Htpasswd.COST);
        char[] random = new char[24];
        SecureRandom rnd = new SecureRandom();
        for (int i = 0; i < random.length; i++) {
            random[i] = (char) ('a' + rnd.nextInt(26));
        }
        String dummy = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(cost, random);
        return new Snapshot(Map.copyOf(hashes), dummy);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
