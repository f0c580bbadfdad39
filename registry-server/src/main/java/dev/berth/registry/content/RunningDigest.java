package dev.berth.registry.content;

import dev.berth.registry.model.DigestAlgorithm;
import java.security.MessageDigest;

/**
 * The digest of an upload's bytes so far, kept in memory so that completing an upload need not
 * read its bytes again. Valid only while {@code length} equals the stored size; when it does not
 * (after a restart or a failed append) the upload's bytes are hashed from storage instead.
 */
final class RunningDigest {
    final DigestAlgorithm algorithm;
    final MessageDigest digest;
    long length;

    RunningDigest(DigestAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.digest = algorithm.newMessageDigest();
    }
}
