package dev.berth.conformance;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;

/**
 * Test content. Everything is random, so no two tests (or two runs against a shared registry) push
 * the same bytes unless they mean to.
 */
public final class Data {

    private static final Random RANDOM = new SecureRandom();

    private Data() {}

    public static byte[] random(int size) {
        byte[] b = new byte[size];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Lower-case letters and digits, as a repository name component or tag may hold. */
    public static String token(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /**
     * An image config. Each call is unique (a random label), so a config blob never collides with one
     * another test pushed.
     */
    public static byte[] config(String os, String architecture) {
        String json = "{\"architecture\":\"" + architecture + "\",\"os\":\"" + os + "\","
                + "\"config\":{\"Labels\":{\"dev.berth.conformance\":\"" + token(16) + "\"}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
