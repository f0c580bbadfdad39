package dev.berth.registry;

import dev.berth.registry.config.ConfigException;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.config.S3Config;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.fs.FileSystemStorage;
import dev.berth.storage.s3.S3Storage;
import dev.berth.storage.s3.S3StorageConfig;
import java.net.URI;
import java.nio.file.Path;

/**
 * Opens the storage the {@code storage} setting names: a directory, or {@code s3://bucket/prefix}
 * with the {@code s3.*} settings. The server and {@code berth gc} share it.
 */
public final class Storages {
    private static final String S3_SCHEME = "s3://";

    private Storages() {}

    /** @throws ConfigException when the settings name no storage Berth can open */
    public static Storage open(RegistryConfig config) {
        String location = config.storage();
        if (location.startsWith(S3_SCHEME)) {
            return openS3(location.substring(S3_SCHEME.length()), config.s3());
        }
        if (location.contains("://")) {
            throw new ConfigException("storage: unsupported location " + location
                    + " (give a directory or s3://bucket/prefix)");
        }
        return new FileSystemStorage(Path.of(location).toAbsolutePath().normalize());
    }

    private static Storage openS3(String bucketAndPrefix, S3Config s3) {
        int slash = bucketAndPrefix.indexOf('/');
        String bucket = slash < 0 ? bucketAndPrefix : bucketAndPrefix.substring(0, slash);
        String prefix = slash < 0 ? "" : bucketAndPrefix.substring(slash + 1);
        try {
            S3StorageConfig settings = S3StorageConfig.of(bucket, prefix).withRegion(s3.region())
                    .withPartSize(s3.partSize())
                    .withConditionalWrites(toggle(s3.conditionalWrites()))
                    .withChunkedEncoding(toggle(s3.chunkedEncoding()));
            if (s3.endpoint() != null) {
                settings = settings.withEndpoint(URI.create(s3.endpoint()), s3.pathStyle());
            } else if (s3.pathStyle()) {
                throw new ConfigException("s3.path-style needs s3.endpoint");
            }
            if (s3.accessKey() != null || s3.secretKey() != null) {
                settings = settings.withCredentials(s3.accessKey(), s3.secretKey());
            }
            if (s3.redirect()) {
                settings = settings.withPresignedRedirect(s3.redirectExpiry());
            }
            return S3Storage.create(settings);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("storage: " + e.getMessage(), e);
        } catch (StorageException e) {
            throw new ConfigException("storage: cannot open s3://" + bucketAndPrefix + ": " + e.getMessage(), e);
        }
    }

    private static S3StorageConfig.Toggle toggle(Boolean setting) {
        if (setting == null) {
            return S3StorageConfig.Toggle.AUTO;
        }
        return setting ? S3StorageConfig.Toggle.ON : S3StorageConfig.Toggle.OFF;
    }

    /** A short description for the startup line, without credentials. */
    public static String describe(RegistryConfig config) {
        String location = config.storage();
        if (location.startsWith(S3_SCHEME)) {
            return location + (config.s3().endpoint() == null ? "" : " at " + config.s3().endpoint());
        }
        return Path.of(location).toAbsolutePath().normalize().toString();
    }
}
