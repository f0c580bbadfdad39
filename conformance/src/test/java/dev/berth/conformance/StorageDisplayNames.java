package dev.berth.conformance;

import java.util.Locale;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * Names each test class after itself and the storage the server under test runs on, e.g.
 * {@code dev.berth.conformance.BlobUploadTest on S3}, so that a report or a failure summary says
 * which of the runs failed. Maven's {@code s3} executions select it (JUnit's
 * {@code junit.jupiter.displayname.generator.default}) and report these names as class names; the
 * storage is {@value RegistryTarget#STORAGE_PROPERTY} for the suite, {@code berth.storage} for the
 * interop tests.
 */
public final class StorageDisplayNames extends DisplayNameGenerator.Standard {

    @Override
    public String generateDisplayNameForClass(Class<?> testClass) {
        String storage = System.getProperty(RegistryTarget.STORAGE_PROPERTY,
                System.getProperty("berth.storage", "")).trim();
        String name = testClass.getName();
        return storage.isEmpty() ? name : name + " on " + storage.toUpperCase(Locale.ROOT);
    }
}
