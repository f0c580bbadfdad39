package dev.berth.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.registry.config.ConfigKey;
import dev.berth.registry.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.TestInfo;

/**
 * The repository rules the in-process registry runs with, set through the environment variables a
 * user would write, for {@code ImmutableTagsTest} and {@code QuotaTest}: tags of the repositories
 * {@value #IMMUTABLE_REPOSITORIES} never move, except {@code latest} and {@code dev-*}; each of
 * the repositories {@value #QUOTA_REPOSITORIES} may reference {@link #QUOTA} bytes. The names
 * other tests use match neither. Against a registry given by URL those tests are skipped: its rules
 * are its own.
 */
final class RepositoryRulesUnderTest {
    static final String IMMUTABLE_REPOSITORIES = "conformance/immutable-*";
    static final String QUOTA_REPOSITORIES = "conformance/quota-*";
    static final long QUOTA = 64 * 1024;

    private static final Map<String, String> ENVIRONMENT = Map.of(
            ConfigKey.REPOSITORIES_IMMUTABLE_TAGS.environmentVariable(),
            "[{repositories: [\"" + IMMUTABLE_REPOSITORIES + "\"], exclude-tags: [latest, \"dev-*\"]}]",
            ConfigKey.REPOSITORIES_QUOTAS.environmentVariable(),
            "[{repositories: \"" + QUOTA_REPOSITORIES + "\", limit: 64KiB, per: repository}]");

    private RepositoryRulesUnderTest() {}

    /** {@code config} with these rules. */
    static ConfigLoader apply(ConfigLoader config) {
        return config.environment(ENVIRONMENT);
    }

    /** A fresh repository of the test that {@value #IMMUTABLE_REPOSITORIES} matches. */
    static String immutableRepository(TestInfo test) {
        return Repos.unique("immutable " + test.getTestMethod().orElseThrow().getName());
    }

    /** A fresh repository of the test that {@value #QUOTA_REPOSITORIES} matches. */
    static String quotaRepository(TestInfo test, String suffix) {
        return Repos.unique(
                "quota " + suffix + " " + test.getTestMethod().orElseThrow().getName());
    }

    /** Skips the test unless the suite started the registry, with these rules. */
    static void assumeConfigured(RegistryClient registry) {
        assumeTrue(
                registry.localStorage().isPresent(),
                "immutable tags and quotas are tested only on the registry the suite starts, which has their rules");
    }
}
