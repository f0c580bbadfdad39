package dev.berth.registry.model;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:ab12…}, validated against the spec's grammar. */
public record Digest(DigestAlgorithm algorithm, String hex) {

    private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

    public Digest {
        if (hex.length() != algorithm.hexLength() || !LOWER_HEX.matcher(hex).matches()) {
            throw new RegistryException(ErrorCode.DIGEST_INVALID, "invalid " + algorithm.id() + " digest", hex);
        }
    }

    /** Parses {@code algorithm:hex}; anything else is a {@code DIGEST_INVALID} refusal. */
    public static Digest parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw new RegistryException(ErrorCode.DIGEST_INVALID, "invalid digest", text);
        }
        String alg = text.substring(0, colon);
        DigestAlgorithm algorithm = DigestAlgorithm.byId(alg)
                .orElseThrow(() ->
                        new RegistryException(ErrorCode.DIGEST_INVALID, "unsupported digest algorithm " + alg, text));
        return new Digest(algorithm, text.substring(colon + 1));
    }

    public static Digest of(DigestAlgorithm algorithm, byte[] content) {
        return finish(algorithm, algorithm.newMessageDigest().digest(content));
    }

    public static Digest of(DigestAlgorithm algorithm, MessageDigest finished) {
        return finish(algorithm, finished.digest());
    }

    private static Digest finish(DigestAlgorithm algorithm, byte[] raw) {
        return new Digest(algorithm, HexFormat.of().formatHex(raw));
    }

    @Override
    public String toString() {
        return algorithm.id() + ":" + hex;
    }
}
