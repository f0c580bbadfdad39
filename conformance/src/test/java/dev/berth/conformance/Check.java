package dev.berth.conformance;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assertions on responses. Each failure message carries the whole exchange, so a red test says what
 * the registry answered, not just which number differed.
 */
public final class Check {

    /** Upload progress: the spec writes {@code 0-<end>}, older registries {@code bytes=0-<end>}. */
    private static final Pattern UPLOAD_RANGE = Pattern.compile("^(?:bytes=)?0-(\\d+)$");

    private Check() {}

    public static Response status(Response r, int... expected) {
        if (r.bodyError() != null) {
            throw new AssertionError("the response is not well-formed HTTP (" + r.bodyError() + ") for\n" + r);
        }
        for (int e : expected) {
            if (r.status() == e) {
                return r;
            }
        }
        throw new AssertionError("expected HTTP " + join(expected) + " but got " + r.status() + " for\n" + r);
    }

    /** 201 with a Location, as every successful blob upload, mount and manifest push must answer. */
    public static Response created(Response r) {
        status(r, 201);
        r.requireHeader("Location");
        return r;
    }

    /** The status and, in a {@code {"errors":[...]}} body, an entry with this code. */
    public static Response error(Response r, int expectedStatus, String code) {
        status(r, expectedStatus);
        if (!r.errorCodes().contains(code)) {
            throw new AssertionError(
                    "expected an error body with code " + code + " but got codes " + r.errorCodes() + " in\n" + r);
        }
        return r;
    }

    /** The codes a {@code {"errors":[...]}} body may use: the distribution spec says "MUST be one of". */
    public static final java.util.Set<String> SPEC_ERROR_CODES = java.util.Set.of(
            "BLOB_UNKNOWN",
            "BLOB_UPLOAD_INVALID",
            "BLOB_UPLOAD_UNKNOWN",
            "DIGEST_INVALID",
            "MANIFEST_BLOB_UNKNOWN",
            "MANIFEST_INVALID",
            "MANIFEST_UNKNOWN",
            "NAME_INVALID",
            "NAME_UNKNOWN",
            "SIZE_INVALID",
            "UNAUTHORIZED",
            "DENIED",
            "UNSUPPORTED",
            "TOOMANYREQUESTS");

    /** Every error entry has a code from the spec's list and a (possibly empty) message string. */
    public static Response errorEnvelope(Response r) {
        var errors = r.json().path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            throw new AssertionError("expected a non-empty \"errors\" array in\n" + r);
        }
        for (var e : errors) {
            if (!SPEC_ERROR_CODES.contains(e.path("code").asText())) {
                throw new AssertionError(
                        "error code is not one of the spec's " + SPEC_ERROR_CODES + ": " + e + " in\n" + r);
            }
            if (e.has("message") && !e.get("message").isTextual()) {
                throw new AssertionError("error message is not a string: " + e + " in\n" + r);
            }
        }
        return r;
    }

    public static void header(Response r, String name, String expected) {
        String actual = r.header(name).orElse(null);
        if (!expected.equals(actual)) {
            throw new AssertionError("expected " + name + ": " + expected + " but got "
                    + (actual == null ? "no such header" : actual) + " in\n" + r);
        }
    }

    /** The last byte offset of an upload's Range header ({@code 0-<end>}). */
    public static long uploadRangeEnd(Response r) {
        String range = r.requireHeader("Range");
        Matcher m = UPLOAD_RANGE.matcher(range.trim());
        if (!m.matches()) {
            throw new AssertionError("Range header is not of the form 0-<end>: " + range + " in\n" + r);
        }
        return Long.parseLong(m.group(1));
    }

    /** The upload's Range header says that exactly {@code bytes} bytes were received. */
    public static void uploadedBytes(Response r, long bytes) {
        long end = uploadRangeEnd(r);
        if (end != bytes - 1) {
            throw new AssertionError("expected Range 0-" + (bytes - 1) + " after " + bytes + " bytes but got "
                    + r.requireHeader("Range") + " in\n" + r);
        }
    }

    public static void body(Response r, byte[] expected) {
        if (!Arrays.equals(r.body(), expected)) {
            throw new AssertionError("body differs from the " + expected.length + " bytes expected (got "
                    + r.body().length + " bytes, digest " + Digests.sha256(r.body()) + " instead of "
                    + Digests.sha256(expected) + ") in\n" + r);
        }
    }

    private static String join(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : " or ").append(values[i]);
        }
        return sb.toString();
    }
}
