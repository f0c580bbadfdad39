package dev.berth.storage.s3;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code s3.*} settings, as text from the server's configuration, turned into an
 * {@link S3StorageConfig}. A missing or blank key takes its default; an unknown key is an error, so a
 * typo never silently falls back to a default.
 */
final class S3Settings {
    static final String REGION = "s3.region";
    static final String ENDPOINT = "s3.endpoint";
    static final String PATH_STYLE = "s3.path-style";
    static final String ACCESS_KEY = "s3.access-key";
    static final String SECRET_KEY = "s3.secret-key";
    static final String PART_SIZE = "s3.part-size";
    static final String REDIRECT = "s3.redirect";
    static final String REDIRECT_EXPIRY = "s3.redirect-expiry";
    static final String CONDITIONAL_WRITES = "s3.conditional-writes";
    static final String CHUNKED_ENCODING = "s3.chunked-encoding";
    private static final Set<String> KEYS = Set.of(
            REGION,
            ENDPOINT,
            PATH_STYLE,
            ACCESS_KEY,
            SECRET_KEY,
            PART_SIZE,
            REDIRECT,
            REDIRECT_EXPIRY,
            CONDITIONAL_WRITES,
            CHUNKED_ENCODING);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Map<String, String> settings;

    S3Settings(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting " + key);
            }
        }
        this.settings = Map.copyOf(settings);
    }

    /**
     * The driver's configuration for {@code bucketAndPrefix} ({@code bucket} or {@code bucket/prefix}).
     *
     * @throws IllegalArgumentException naming the key, when a setting is invalid
     */
    S3StorageConfig config(String bucketAndPrefix) {
        int slash = bucketAndPrefix.indexOf('/');
        String bucket = slash < 0 ? bucketAndPrefix : bucketAndPrefix.substring(0, slash);
        String prefix = slash < 0 ? "" : bucketAndPrefix.substring(slash + 1);
        S3StorageConfig config = S3StorageConfig.of(bucket, prefix)
                .withRegion(text(REGION))
                .withPartSize(partSize())
                .withConditionalWrites(toggle(CONDITIONAL_WRITES))
                .withChunkedEncoding(toggle(CHUNKED_ENCODING));
        String endpoint = text(ENDPOINT);
        boolean pathStyle = bool(PATH_STYLE);
        if (endpoint != null) {
            config = config.withEndpoint(URI.create(endpoint), pathStyle);
        } else if (pathStyle) {
            throw new IllegalArgumentException(PATH_STYLE + " needs " + ENDPOINT);
        }
        if (text(ACCESS_KEY) != null || text(SECRET_KEY) != null) {
            config = config.withCredentials(text(ACCESS_KEY), text(SECRET_KEY));
        }
        if (bool(REDIRECT)) {
            config = config.withPresignedRedirect(redirectExpiry());
        }
        return config;
    }

    /** The endpoint as configured, or null for AWS. */
    String endpoint() {
        return text(ENDPOINT);
    }

    private String text(String key) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private long partSize() {
        String value = text(PART_SIZE);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PART_SIZE + ": not a number of bytes: " + value);
        }
    }

    private boolean bool(String key) {
        String value = text(key);
        if (value == null) {
            return false;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
            throw new IllegalArgumentException(key + ": expected true or false, not '" + value + "'");
        }
        return lower.equals("true");
    }

    private S3StorageConfig.Toggle toggle(String key) {
        String value = text(key);
        if (value == null || value.equalsIgnoreCase("auto")) {
            return S3StorageConfig.Toggle.AUTO;
        }
        return bool(key) ? S3StorageConfig.Toggle.ON : S3StorageConfig.Toggle.OFF;
    }

    /** Written as the server's other durations are: {@code 30s}, {@code 15m}, {@code 1h}, or ISO-8601. */
    private Duration redirectExpiry() {
        String value = text(REDIRECT_EXPIRY);
        if (value == null) {
            return S3StorageConfig.DEFAULT_PRESIGN_EXPIRY;
        }
        Matcher m = SHORT_DURATION.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    REDIRECT_EXPIRY + ": not a duration: " + value + " (use e.g. 30s, 5m, 24h)");
        }
    }
}
