package dev.berth.registry.auth;

import dev.berth.registry.logging.LogText;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password logins, for Basic mode and the token endpoint alike: throttled ({@link Throttle}: per
 * account and address, per account, per address), and logged by account and address only.
 */
public final class Logins {
    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);

    public sealed interface Outcome {}

    /** No credentials were offered. */
    public record Anonymous() implements Outcome {}

    public record Success(String account) implements Outcome {}

    /** Wrong name or password, or credentials that do not parse. */
    public record Failure() implements Outcome {}

    /** Too many failures lately; try again after {@code retryAfter}. */
    public record Throttled(Duration retryAfter) implements Outcome {}

    private final Optional<Users> users;
    private final Throttle throttle;

    public Logins(Optional<Users> users, Throttle throttle) {
        this.users = users;
        this.throttle = throttle;
    }

    /** Logs in with an {@code Authorization} header: absent is anonymous, anything but Basic fails. */
    public Outcome basic(String authorization, String address) {
        if (authorization == null || authorization.isBlank()) {
            return new Anonymous();
        }
        Optional<BasicCredentials> credentials = BasicCredentials.parse(authorization);
        if (credentials.isEmpty()) {
            LOG.info("login from {} failed: malformed or non-Basic credentials", LogText.escape(address));
            return new Failure();
        }
        return password(credentials.get().account(), credentials.get().password(), address);
    }

    /** Logs in with a name and password; the password array is wiped afterwards. */
    public Outcome password(String account, char[] password, String address) {
        try {
            Throttle.Verdict verdict = throttle.attempt(account, address);
            if (verdict instanceof Throttle.Wait wait) {
                LOG.warn(
                        "login as '{}' from {} refused: too many failed logins",
                        LogText.escape(account),
                        LogText.escape(address));
                return new Throttled(wait.retryAfter());
            }
            boolean ok = users.map(u -> u.verify(account, password)).orElse(false);
            if (ok) {
                throttle.success((Throttle.Admitted) verdict);
                return new Success(account);
            }
            LOG.info("login as '{}' from {} failed", LogText.escape(account), LogText.escape(address));
            return new Failure();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public Optional<String> credentialStamp(String account) {
        return users.flatMap(u -> u.stamp(account));
    }
}
