package dev.berth.registry.config;

import dev.berth.registry.model.RepositoryRules;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a running registry needs to know, resolved from defaults, the YAML file, the
 * environment and command-line flags (later sources win). See {@link ConfigKey} for each key.
 * Built by {@link ConfigLoader} from keys, never changed afterwards: whoever wants another value,
 * a test included, sets its key on a loader ({@link ConfigLoader#set}) and loads again.
 *
 * @param listen          host:port to listen on; port 0 picks a free port
 * @param storage         where content lives: a directory, or {@code s3://bucket/prefix}
 * @param uploadPurgeAge  upload sessions idle longer than this are removed in the background
 * @param uploadPurgeInterval how often idle uploads are looked for
 * @param shutdownTimeout how long in-flight requests may take to finish on SIGTERM
 * @param auth            who may do what: the {@code auth.*} keys
 * @param gc              garbage collection: the {@code gc.*} keys
 * @param storageSettings the storage driver's keys ({@code s3.*}) with their values as text, for the
 *     driver to read; blank ones left out
 * @param http            slow-client limits and the access log: the {@code http.*} keys and
 *     {@code log.access}
 * @param metrics         where {@code /metrics} is served: the {@code metrics.*} keys
 * @param logFormat       how log lines are written ({@code log.format})
 * @param repositories    immutable tags and quotas: the {@code repositories.*} keys
 * @param lifecycle       lifecycle rules ({@code repositories.lifecycle}), in the order written
 * @param notifications   webhook endpoints for registry events: the {@code notifications.*} keys
 * @param tls             HTTPS: the {@code tls.*} keys
 */
public record RegistryConfig(
        String listen,
        String storage,
        Duration uploadPurgeAge,
        Duration uploadPurgeInterval,
        Duration shutdownTimeout,
        AuthConfig auth,
        GcConfig gc,
        Map<String, String> storageSettings,
        HttpConfig http,
        MetricsConfig metrics,
        LogFormat logFormat,
        RepositoryRules repositories,
        List<LifecycleConfig> lifecycle,
        NotificationsConfig notifications,
        TlsConfig tls) {

    public RegistryConfig {
        if (auth == null) {
            auth = AuthConfig.none();
        }
        if (gc == null) {
            gc = GcConfig.defaults();
        }
        storageSettings = storageSettings == null ? Map.of() : Map.copyOf(storageSettings);
        if (http == null) {
            http = HttpConfig.defaults();
        }
        if (metrics == null) {
            metrics = new MetricsConfig(Optional.empty());
        }
        if (logFormat == null) {
            logFormat = LogFormat.TEXT;
        }
        if (repositories == null) {
            repositories = RepositoryRules.NONE;
        }
        lifecycle = lifecycle == null ? List.of() : List.copyOf(lifecycle);
        if (notifications == null) {
            notifications = NotificationsConfig.none();
        }
        if (tls == null) {
            tls = TlsConfig.none();
        }
    }

    /**
     * The {@code tls.*} keys: HTTPS when a certificate and its key are set, mutual TLS with a
     * client CA too. The files are read when the server starts and again whenever they change.
     *
     * @param certificate PEM chain, the server's certificate first
     * @param key         PEM private key of that certificate
     * @param clientCa    PEM certificates client certificates must chain to; empty: no client
     *     certificates are asked for
     */
    public record TlsConfig(Optional<Path> certificate, Optional<Path> key, Optional<Path> clientCa) {
        public TlsConfig {
            if (certificate.isPresent() != key.isPresent()) {
                throw new ConfigException("tls.certificate and tls.key go together: set both or neither");
            }
            if (clientCa.isPresent() && certificate.isEmpty()) {
                throw new ConfigException("tls.client-ca needs tls.certificate and tls.key: mutual TLS is TLS first");
            }
        }

        /** Plain HTTP. */
        public static TlsConfig none() {
            return new TlsConfig(Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** Whether the listener speaks HTTPS. */
        public boolean enabled() {
            return certificate.isPresent();
        }
    }

    /**
     * One entry of {@code repositories.lifecycle}: an ECR lifecycle policy for the repositories its
     * patterns match. The policy is checked when the server or command starts
     * ({@code dev.berth.registry.lifecycle.LifecyclePolicy}).
     *
     * @param repositories repository patterns ({@code *} within a component, {@code **} across)
     * @param policy       the policy's JSON text
     * @param source       where the policy was written (the file, or the key), for error messages
     */
    public record LifecycleConfig(List<String> repositories, String policy, String source) {
        public LifecycleConfig {
            repositories = List.copyOf(repositories);
        }
    }

    /** Every key at its {@link ConfigKey} default. */
    public static RegistryConfig defaults() {
        return new ConfigLoader().load();
    }

    /**
     * The {@code metrics.*} keys.
     *
     * @param listen host:port of a listener that serves only {@code /metrics}, without credentials;
     *     empty: {@code /metrics} is served on the main listener, guarded by {@code registry:metrics:*}
     */
    public record MetricsConfig(Optional<String> listen) {}

    /**
     * The {@code http.*} keys, how long a client may take to send a request, and {@code log.access}.
     *
     * @param headerTimeout a connection is closed when a request head is not complete this long
     *     after the server became ready for it (an idle keep-alive connection, too)
     * @param bodyTimeout   each 64 KiB of a request body (or its rest, when shorter) must arrive
     *     within this time, or the request fails and its connection is closed
     * @param accessLog     whether each request gets a line on the {@code berth.access} logger
     */
    public record HttpConfig(Duration headerTimeout, Duration bodyTimeout, boolean accessLog) {
        public HttpConfig {
            if (headerTimeout.isNegative()
                    || headerTimeout.isZero()
                    || bodyTimeout.isNegative()
                    || bodyTimeout.isZero()) {
                throw new ConfigException("http timeouts must be positive");
            }
        }

        /** Every {@code http.*} key at its default. */
        public static HttpConfig defaults() {
            return new ConfigLoader().load().http();
        }
    }

    /**
     * The {@code gc.*} keys.
     *
     * @param interval      how often the server collects garbage; zero: never (the CLI still can)
     * @param grace         content claimed by a push this recently is never collected
     * @param pruneUntagged remove manifest revisions that no tag and no live index reaches
     * @param pruneAge      an unreachable revision is pruned only once older than this
     * @param keep          repository patterns whose untagged revisions are never pruned
     * @param keepReferrers keep the referrers of pruned manifests
     */
    public record GcConfig(
            Duration interval,
            Duration grace,
            boolean pruneUntagged,
            Duration pruneAge,
            List<String> keep,
            boolean keepReferrers) {

        public GcConfig {
            keep = List.copyOf(keep);
        }

        /** Every {@code gc.*} key at its default. */
        public static GcConfig defaults() {
            return new ConfigLoader().load().gc();
        }
    }

    /**
     * The {@code auth.*} keys. Optional values are empty when their key is unset (or blank).
     *
     * @param mode     none, basic or token
     * @param users    the htpasswd file ({@code auth.users})
     * @param policy   the policy file ({@code auth.policy}); empty: signed-in users may do
     *     everything, anonymous callers nothing
     * @param realm    the registry's external base URL without a trailing slash; the token
     *     service is at {@code realm + "/token"}. Empty: the HTTP layer uses each request's own base
     * @param token    Berth's own token service
     * @param external an external token service whose tokens are accepted too
     * @param throttle failed-login throttling
     * @param trustedProxies addresses or CIDR ranges of reverse proxies whose
     *     {@code X-Forwarded-For} is believed, as written in config (checked when auth starts)
     */
    public record AuthConfig(
            Mode mode,
            Optional<Path> users,
            Optional<Path> policy,
            Optional<String> realm,
            Token token,
            External external,
            Throttle throttle,
            List<String> trustedProxies) {

        public enum Mode {
            NONE,
            BASIC,
            TOKEN;

            public static Mode parse(String text) {
                try {
                    return valueOf(text.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("auth.mode: expected none, basic or token, not '" + text + "'");
                }
            }

            /** As written in config: {@code none}, {@code basic}, {@code token}. */
            public String configName() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        public AuthConfig {
            realm = realm.map(r -> r.endsWith("/") ? r.substring(0, r.length() - 1) : r);
            trustedProxies = List.copyOf(trustedProxies);
        }

        /** Mode none, every other key at its default. */
        public static AuthConfig none() {
            return new ConfigLoader().load().auth();
        }

        /**
         * Berth's own tokens.
         *
         * @param service       the audience ({@code aud}) of every token and the {@code service}
         *     clients name
         * @param issuer        the {@code iss} of Berth's tokens
         * @param expiry        access token lifetime
         * @param refreshExpiry refresh token lifetime
         * @param key           the private JWK file; generated at first start when missing
         * @param algorithm     ES256 or RS256
         */
        public record Token(
                String service, String issuer, Duration expiry, Duration refreshExpiry, Path key, String algorithm) {}

        /**
         * Tokens signed by another issuer: by a key in its JWK set (URL or file) or by a key whose
         * {@code x5c} certificate chain ends at one of {@code certificates}.
         *
         * @param realm the external token service's URL, named in challenges instead of Berth's
         */
        public record External(
                Optional<String> issuer,
                Optional<URI> jwksUrl,
                Optional<Path> jwksFile,
                Optional<Path> certificates,
                Optional<String> realm) {
            public static External none() {
                return new External(
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
            }

            /** True when tokens of some external issuer are to be accepted. */
            public boolean configured() {
                return jwksUrl.isPresent() || jwksFile.isPresent() || certificates.isPresent();
            }
        }

        /**
         * Failed-login throttling, within {@code window}: {@code failures} for one account from one
         * client address, {@code accountFailures} for one account from addresses it has not signed
         * in from lately, {@code addressFailures} from one address for accounts that have not signed
         * in from it lately; past each, those attempts answer 429.
         */
        public record Throttle(int failures, int accountFailures, int addressFailures, Duration window) {}
    }
}
