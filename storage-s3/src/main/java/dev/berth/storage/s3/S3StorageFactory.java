package dev.berth.storage.s3;

import dev.berth.storage.Storage;
import dev.berth.storage.StorageFactory;
import java.util.Map;

/**
 * Finds this driver for {@code s3://bucket/prefix} locations; its settings are the {@code s3.*} keys
 * that {@code S3Settings} reads.
 */
public final class S3StorageFactory implements StorageFactory {

    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public Storage open(String location, Map<String, String> settings) {
        return S3Storage.create(new S3Settings(settings).config(location));
    }

    @Override
    public String describe(String location, Map<String, String> settings) {
        String endpoint = new S3Settings(settings).endpoint();
        return scheme() + "://" + location + (endpoint == null ? "" : " at " + endpoint);
    }
}
