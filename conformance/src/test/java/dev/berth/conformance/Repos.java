package dev.berth.conformance;

import org.junit.jupiter.api.TestInfo;

/**
 * Repository names unique to one test: {@code conformance/<test>-<random>}, so that the suite can run
 * against a registry that other runs (or other people) share.
 */
public final class Repos {

    private Repos() {}

    public static String unique(TestInfo test) {
        String name = test.getTestMethod()
                .map(m -> m.getName())
                .or(() -> test.getTestClass().map(Class::getSimpleName))
                .orElse("test");
        return unique(name);
    }

    public static String unique(String hint) {
        String slug = hint.replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .toLowerCase()
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        return "conformance/" + (slug.isEmpty() ? "test" : slug) + "-" + Data.token(8);
    }
}
