package dev.berth.registry.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import dev.berth.registry.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The users file: htpasswd-compatible lines {@code name:hash} with bcrypt hashes
 * ({@code $2y$}, {@code $2a$} or {@code $2b$}; Apache's {@code htpasswd -B} writes such lines).
 * Blank lines and lines starting with {@code #} are ignored. Berth writes {@code $2y$} hashes at
 * cost {@value #COST} and keeps the file readable by its owner only (0600).
 *
 * <p>Account names are 1 to 128 characters of letters, digits, {@code . _ - @}, starting with a
 * letter or digit: no colon (the separator) and nothing a policy pattern could misread.
 */
public final class Htpasswd {
    /** bcrypt cost of the hashes Berth writes. */
    public static final int COST = 11;
    /** bcrypt uses at most this many bytes of a password. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    private static final Pattern BCRYPT_HASH = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    private Htpasswd() {}

    /** True when {@code name} may be an account name. */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Adds the account or replaces its password, creating the file (0600) when missing. Other
     * lines, comments included, stay as they are.
     *
     * @return true when the account was new
     */
    public static boolean put(Path file, String name, char[] password) throws IOException {
        if (!validName(name)) {
            throw new IllegalArgumentException("invalid account name '" + name
                    + "': use letters, digits, '.', '_', '-', '@' (at most 128, starting with a letter or digit)");
        }
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        if (new String(password).getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("the password is longer than bcrypt's " + MAX_PASSWORD_BYTES + " bytes");
        }
        String entry = name + ":" + hash(password);
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
        boolean replaced = false;
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (name.equals(nameOf(line))) {
                if (!replaced) {
                    out.add(entry);
                }
                replaced = true;
            } else {
                out.add(line);
            }
        }
        if (!replaced) {
            out.add(entry);
        }
        write(file, out);
        return !replaced;
    }

    /** Removes the account; false when it was not there. */
    public static boolean remove(Path file, String name) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> out = lines.stream().filter(l -> !name.equals(nameOf(l))).toList();
        if (out.size() == lines.size()) {
            return false;
        }
        write(file, out);
        return true;
    }

    /** A {@code $2y$} bcrypt hash of the password at cost {@value #COST}. */
    public static String hash(char[] password) {
        return BCrypt.with(BCrypt.Version.VERSION_2Y, LongPasswordStrategies.strict(BCrypt.Version.VERSION_2Y))
                .hashToString(COST, password);
    }

    /** Parses the file's text: account name to hash, in file order. */
    static Map<String, String> parse(List<String> lines, Object source) {
        Map<String, String> users = new LinkedHashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new ConfigException(source + " line " + n + ": expected name:hash");
            }
            String name = line.substring(0, colon);
            String hash = line.substring(colon + 1);
            if (!validName(name)) {
                throw new ConfigException(source + " line " + n + ": invalid account name '" + name + "'");
            }
            if (!BCRYPT_HASH.matcher(hash).matches()) {
                throw new ConfigException(source + " line " + n + ": the hash of '" + name
                        + "' is not bcrypt ($2y$, $2a$ or $2b$); create it with 'berth user add' or 'htpasswd -B'");
            }
            if (users.putIfAbsent(name, hash) != null) {
                throw new ConfigException(source + " line " + n + ": '" + name + "' appears twice");
            }
        }
        return users;
    }

    static Map<String, String> read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the users file: " + e.getMessage(), e);
        }
    }

    private static String nameOf(String line) {
        String l = line.strip();
        int colon = l.indexOf(':');
        return l.startsWith("#") || colon < 0 ? null : l.substring(0, colon);
    }

    /** Writes through a 0600 temporary file moved into place, so no reader sees half a file. */
    private static void write(Path file, List<String> lines) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // The temporary file doubles as a lock: two commands at once must not lose an update.
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(tmp + " exists: is another 'berth user' running? If not, delete it", e);
        }
        boolean moved = false;
        try {
            Files.write(tmp, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
