package dev.berth.registry.config;

import java.util.Locale;

/**
 * Every configuration key, with its default and meaning. A key {@code a.b-c} is written nested in
 * the YAML file ({@code a: {b-c: …}}) and as {@code BERTH_A_B_C} in the environment.
 */
public enum ConfigKey {
    LISTEN("listen", "0.0.0.0:5000", "address and port to listen on (port 0 picks a free one)"),
    STORAGE("storage", "./data", "where content lives: a directory, or s3://BUCKET/PREFIX for S3 storage"),
    S3_REGION("s3.region", "", "S3 signing region (default: the AWS SDK's chain, us-east-1 with an endpoint)"),
    S3_ENDPOINT("s3.endpoint", "", "S3 endpoint for S3-compatible services such as MinIO (default: AWS)"),
    S3_PATH_STYLE("s3.path-style", "false", "true: address buckets in the URL path, as MinIO and most others need"),
    S3_ACCESS_KEY("s3.access-key", "", "static S3 access key (default: the AWS SDK's credentials chain)"),
    S3_SECRET_KEY("s3.secret-key", "", "static S3 secret key, with s3.access-key"),
    S3_PART_SIZE(
            "s3.part-size",
            "16777216",
            "bytes per multipart-upload part, 5 MiB to 1 GiB; one part per upload in memory"),
    S3_REDIRECT("s3.redirect", "false", "true: answer blob GETs with a 307 to a presigned S3 URL"),
    S3_REDIRECT_EXPIRY("s3.redirect-expiry", "15m", "how long a presigned blob URL stays valid"),
    S3_CONDITIONAL_WRITES(
            "s3.conditional-writes",
            "auto",
            "true: S3 conditional writes keep servers sharing a bucket "
                    + "from both accepting one chunk; false: writer markers instead; auto: probe the service once"),
    S3_CHUNKED_ENCODING(
            "s3.chunked-encoding",
            "auto",
            "true: stream signed payloads in aws-chunked encoding; "
                    + "auto: off for an http:// endpoint (several S3-compatible services cannot decode it), on otherwise"),
    UPLOADS_PURGE_AGE(
            "uploads.purge-age",
            "24h",
            "upload sessions idle longer than this are removed, "
                    + "and storage-driver leftovers of crashed writers as old"),
    UPLOADS_PURGE_INTERVAL("uploads.purge-interval", "1h", "how often idle upload sessions are looked for"),
    GC_INTERVAL("gc.interval", "24h", "how often the server collects garbage (0 or off: never; berth gc still can)"),
    GC_GRACE("gc.grace", "1h", "content pushed, mounted or checked with HEAD this recently is never collected"),
    GC_PRUNE_UNTAGGED(
            "gc.prune-untagged",
            "false",
            "true: remove manifests no tag and no live index reaches, "
                    + "with their referrers; false: only blobs no manifest references are collected"),
    GC_PRUNE_AGE("gc.prune-age", "24h", "an untagged manifest is pruned only once it is older than this"),
    GC_KEEP(
            "gc.keep",
            "",
            "comma-separated repository patterns (* within a component, ** across) "
                    + "whose untagged manifests are never pruned"),
    GC_KEEP_REFERRERS("gc.keep-referrers", "false", "true: keep referrers (signatures, SBOMs) of pruned manifests"),
    REPOSITORIES_LIFECYCLE(
            "repositories.lifecycle",
            "",
            "lifecycle rules: a list of {repositories: [patterns], "
                    + "policy: ECR lifecycle policy JSON (text or mapping) | policy-file: path}; the first entry whose "
                    + "patterns match a repository applies to it, evaluated before each garbage collection"),
    SHUTDOWN_TIMEOUT("shutdown-timeout", "30s", "on SIGTERM, how long requests in progress may take to finish"),
    HTTP_HEADER_TIMEOUT(
            "http.header-timeout",
            "30s",
            "a connection is closed when a request's head is not complete "
                    + "this long after the server is ready for it; idle keep-alive connections too"),
    HTTP_BODY_TIMEOUT(
            "http.body-timeout",
            "30s",
            "each 64 KiB of a request body (or its rest) must arrive within "
                    + "this time, or the request fails and the connection is closed"),
    LOG_ACCESS("log.access", "true", "true: one line per request on the berth.access logger; false: none"),
    METRICS_LISTEN(
            "metrics.listen",
            "",
            "address and port of a separate listener for /metrics, open without "
                    + "credentials (unset: /metrics is served on the main listener to callers granted registry:metrics:*)"),
    LOG_FORMAT("log.format", "text", "text: one line of text per event; json: one JSON object per line"),
    TLS_CERTIFICATE(
            "tls.certificate",
            "",
            "PEM certificate chain, the server's certificate first, then intermediates; "
                    + "with tls.key the listener speaks HTTPS only (TLS 1.2 and 1.3); re-read when it changes"),
    TLS_KEY(
            "tls.key",
            "",
            "PEM private key of tls.certificate: RSA or EC, PKCS#8 or traditional, unencrypted; "
                    + "re-read when it changes"),
    TLS_CLIENT_CA(
            "tls.client-ca",
            "",
            "PEM certificates of the authorities client certificates must chain to; "
                    + "set: mutual TLS, every connection must present such a certificate; re-read when it changes"),
    AUTH_MODE(
            "auth.mode", "none", "none (anyone may do anything), basic (htpasswd users) or token (Docker token auth)"),
    AUTH_USERS("auth.users", "", "htpasswd file of name:bcrypt-hash lines (berth user add writes it)"),
    AUTH_POLICY("auth.policy", "", "policy YAML file; unset: signed-in users may do everything, anonymous nothing"),
    AUTH_REALM(
            "auth.realm",
            "",
            "the registry's external base URL; tokens are served at <realm>/token "
                    + "(unset: taken from each request's Host, which must then be a plain host[:port]; set it in production)"),
    AUTH_TOKEN_SERVICE("auth.token.service", "berth", "the service name: the audience of every token"),
    AUTH_TOKEN_ISSUER("auth.token.issuer", "berth", "the issuer named in tokens Berth signs"),
    AUTH_TOKEN_EXPIRY("auth.token.expiry", "5m", "how long an access token is valid (at least 60s)"),
    AUTH_TOKEN_REFRESH_EXPIRY(
            "auth.token.refresh-expiry", "30d", "how long a refresh token (docker login's identity token) is valid"),
    AUTH_TOKEN_KEY(
            "auth.token.key",
            "./berth-token-key.jwk",
            "private JWK tokens are signed with; generated (mode 0600) when missing"),
    AUTH_TOKEN_ALGORITHM("auth.token.algorithm", "ES256", "signature algorithm of Berth's tokens: ES256 or RS256"),
    AUTH_EXTERNAL_ISSUER("auth.external.issuer", "", "iss of tokens from an external token service to accept"),
    AUTH_EXTERNAL_JWKS_URL("auth.external.jwks-url", "", "URL of the external issuer's JWK set"),
    AUTH_EXTERNAL_JWKS_FILE("auth.external.jwks-file", "", "file holding the external issuer's JWK set"),
    AUTH_EXTERNAL_CERTIFICATES(
            "auth.external.certificates", "", "PEM bundle: tokens whose x5c chain ends at one of these are accepted"),
    AUTH_EXTERNAL_REALM(
            "auth.external.realm", "", "token URL of the external service, named in challenges instead of Berth's own"),
    AUTH_THROTTLE_FAILURES(
            "auth.throttle.failures",
            "5",
            "failed logins for one account from one client address "
                    + "within the window before that address gets 429 for the account"),
    AUTH_THROTTLE_ACCOUNT_FAILURES(
            "auth.throttle.account-failures",
            "20",
            "failed logins for one account from all "
                    + "addresses within the window before addresses it has not signed in from (in 7 days) get 429 for it"),
    AUTH_THROTTLE_ADDRESS_FAILURES(
            "auth.throttle.address-failures",
            "20",
            "failed logins from one client address "
                    + "within the window before it gets 429, except for accounts that signed in from it (in 7 days)"),
    AUTH_THROTTLE_WINDOW("auth.throttle.window", "1m", "the window failed logins are counted in"),
    AUTH_TRUSTED_PROXIES(
            "auth.trusted-proxies",
            "",
            "comma-separated addresses or CIDR ranges of reverse proxies "
                    + "whose X-Forwarded-For names the client that login throttling counts (ignored from anyone else)"),
    REPOSITORIES_IMMUTABLE_TAGS(
            "repositories.immutable-tags",
            "",
            "list of rules {repositories, exclude-tags}: "
                    + "in these repositories a tag never moves to another digest, except the excluded tags",
            true),
    REPOSITORIES_QUOTAS(
            "repositories.quotas",
            "",
            "list of quotas {repositories, limit, per}: the bytes the "
                    + "repositories' manifests may reference (per repository, or per namespace: all of them together)",
            true),
    NOTIFICATIONS_ENDPOINTS(
            "notifications.endpoints",
            "",
            "webhook endpoints that receive push, pull, mount and delete events in distribution's envelope: "
                    + "a YAML list in the file, the same list as JSON in the environment (see Operations)",
            true);

    private final String key;
    private final String defaultValue;
    private final String description;
    private final boolean structured;

    ConfigKey(String key, String defaultValue, String description) {
        this(key, defaultValue, description, false);
    }

    ConfigKey(String key, String defaultValue, String description, boolean structured) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.structured = structured;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /**
     * Whether the value is a list of objects: a YAML list in the file, the same as JSON (or YAML
     * flow) text in the environment.
     */
    public boolean isStructured() {
        return structured;
    }

    /** Whether the key belongs to a storage driver, which reads it itself ({@code s3.*}). */
    public boolean isStorageSetting() {
        return key.startsWith("s3.");
    }

    public String environmentVariable() {
        return "BERTH_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static java.util.Optional<ConfigKey> byKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }
}
