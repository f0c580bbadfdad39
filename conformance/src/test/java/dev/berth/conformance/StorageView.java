package dev.berth.conformance;

import java.util.Map;

/**
 * The in-process server's storage read directly, past the server, for tests that check what a
 * request left behind: a directory on the filesystem, or a whole bucket on S3.
 */
public interface StorageView {

    /**
     * Everything stored, as a name relative to the view's root and a size: files and directories
     * (-1) on the filesystem; objects and in-progress multipart uploads (-1) on S3.
     */
    Map<String, Long> snapshot();

    /** What the view looks at, for assertion messages: "directory /tmp/..." or "S3 bucket ... at ...". */
    @Override
    String toString();
}
