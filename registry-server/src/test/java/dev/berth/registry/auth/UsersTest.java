package dev.berth.registry.auth;

import static dev.berth.registry.testing.AuthFixtures.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.berth.registry.config.ConfigException;
import dev.berth.registry.testing.AuthFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {
    @TempDir
    Path dir;

    /** Records every hash the users check a password against. */
    private final List<String> checked = new ArrayList<>();

    private final Users.PasswordCheck counting = (pw, h) -> {
        checked.add(h);
        return Users.BCRYPT.matches(pw, h);
    };

    @Test
    void verifiesEveryBcryptVariant() throws IOException {
        Path file = Files.writeString(
                dir.resolve("users"),
                String.join(
                                "\n",
                                "# comment",
                                "",
                                "a:" + hash("pa", BCrypt.Version.VERSION_2A),
                                "b:" + hash("pb", BCrypt.Version.VERSION_2B),
                                "y:" + hash("py", BCrypt.Version.VERSION_2Y))
                        + "\n");
        Users users = Users.load(file);
        assertThat(users.verify("a", "pa".toCharArray())).isTrue();
        assertThat(users.verify("b", "pb".toCharArray())).isTrue();
        assertThat(users.verify("y", "py".toCharArray())).isTrue();
        assertThat(users.verify("y", "pa".toCharArray())).isFalse();
        assertThat(users.verify("nobody", "pa".toCharArray())).isFalse();
        assertThat(users.exists("a")).isTrue();
        assertThat(users.exists("nobody")).isFalse();
    }

    @Test
    void acceptsHashesMadeElsewhere() throws IOException {
        // crypt_blowfish's published test vector for the password "U*U", as $2a$ and as htpasswd's $2y$
        String salted = "$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
        Path file = Files.writeString(dir.resolve("users"), "a:$2a" + salted + "\ny:$2y" + salted + "\n");
        Users users = Users.load(file);
        assertThat(users.verify("a", "U*U".toCharArray())).isTrue();
        assertThat(users.verify("y", "U*U".toCharArray())).isTrue();
        assertThat(users.verify("y", "U*V".toCharArray())).isFalse();
    }

    @Test
    void unknownAccountsAreCheckedAgainstADummyHashToo() throws IOException {
        Path file = AuthFixtures.usersFile(dir, "alice", "secret");
        Users users = new Users(file, counting, Duration.ZERO);
        assertThat(users.verify("mallory", "guess".toCharArray())).isFalse();
        assertThat(checked).hasSize(1);
        assertThat(checked.get(0)).startsWith("$2y$04$"); // the dummy has the file's usual cost
        assertThat(users.verify("alice", "guess".toCharArray())).isFalse();
        assertThat(checked).hasSize(2);
    }

    @Test
    void aRecentSuccessIsRememberedButAFailureNever() throws IOException {
        Path file = AuthFixtures.usersFile(dir, "alice", "secret");
        Users users = new Users(file, counting, Duration.ZERO);
        assertThat(users.verify("alice", "secret".toCharArray())).isTrue();
        assertThat(users.verify("alice", "secret".toCharArray())).isTrue();
        assertThat(checked).hasSize(1);
        assertThat(users.verify("alice", "secreT".toCharArray())).isFalse();
        assertThat(users.verify("alice", "secreT".toCharArray())).isFalse();
        assertThat(checked).hasSize(3);
    }

    @Test
    void reloadsWhenTheFileChanges() throws IOException {
        Path file = AuthFixtures.usersFile(dir, "alice", "one");
        Users users = new Users(file, Users.BCRYPT, Duration.ZERO);
        assertThat(users.verify("alice", "one".toCharArray())).isTrue();
        String stamp = users.stamp("alice").orElseThrow();

        Files.writeString(file, "alice:" + hash("two") + "\nbob:" + hash("three") + "\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(users.verify("alice", "one".toCharArray())).isFalse();
        assertThat(users.verify("alice", "two".toCharArray())).isTrue();
        assertThat(users.verify("bob", "three".toCharArray())).isTrue();
        assertThat(users.stamp("alice")).isPresent().get().isNotEqualTo(stamp);
    }

    @Test
    void aBrokenEditKeepsTheLastGoodFile() throws IOException {
        Path file = AuthFixtures.usersFile(dir, "alice", "one");
        Users users = new Users(file, Users.BCRYPT, Duration.ZERO);
        Files.writeString(file, "alice:plaintext\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(users.verify("alice", "one".toCharArray())).isTrue();
    }

    @Test
    void rejectsWhatIsNotBcrypt() throws IOException {
        Path md5 = Files.writeString(dir.resolve("md5"), "alice:$apr1$abc$defghijklmnopqrstuvwx\n");
        assertThatThrownBy(() -> Users.load(md5))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bcrypt");
        Path twice = Files.writeString(dir.resolve("twice"), "a:" + hash("x") + "\na:" + hash("y") + "\n");
        assertThatThrownBy(() -> Users.load(twice))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> Users.load(dir.resolve("missing"))).isInstanceOf(ConfigException.class);
    }

    @Test
    void htpasswdPutAndRemoveKeepOtherLinesAndMode0600() throws IOException {
        Path file = dir.resolve("sub/users");
        assertThat(Htpasswd.put(file, "alice", "one".toCharArray())).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Htpasswd.put(file, "bob", "two".toCharArray())).isTrue();
        Files.writeString(file, "# kept\n" + Files.readString(file));
        assertThat(Htpasswd.put(file, "alice", "uno".toCharArray())).isFalse();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3).first().isEqualTo("# kept");
        assertThat(lines.get(1)).startsWith("alice:$2y$" + Htpasswd.COST + "$");
        Users users = Users.load(file);
        assertThat(users.verify("alice", "uno".toCharArray())).isTrue();
        assertThat(users.verify("bob", "two".toCharArray())).isTrue();

        assertThat(Htpasswd.remove(file, "bob")).isTrue();
        assertThat(Htpasswd.remove(file, "bob")).isFalse();
        assertThat(Users.load(file).exists("bob")).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void htpasswdRefusesBadNamesAndPasswords() {
        Path file = dir.resolve("users");
        assertThatThrownBy(() -> Htpasswd.put(file, "a:b", "x".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Htpasswd.put(file, "", "x".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Htpasswd.put(file, "a", new char[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Htpasswd.put(file, "a", "x".repeat(73).toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(file)).isFalse();
    }
}
