package dev.berth.storage.s3;

import dev.berth.storage.ListPage;
import dev.berth.storage.StoragePath;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Answers {@code Storage.list} with {@code ListObjectsV2} and the {@code /} delimiter, only ever
 * below the directory's own key prefix.
 *
 * <p>S3 returns keys in key order, but a listing is in name order, and the two differ: the child
 * {@code a} that is a prefix sits in key order at {@code a/}, after {@code a-b} and {@code a.b}
 * (since {@code +}, {@code -} and {@code .} sort before {@code /}), while by name it comes first.
 * So after reading S3 up to some key {@code K}, a name not seen yet can still sort before names
 * already seen: exactly the prefixes {@code m} of {@code K} followed in {@code K} by {@code +},
 * {@code -} or {@code .} (their {@code m/} keys come later). A seen name is final once it sorts
 * before the shortest such {@code m}. The lister reads S3 pages until {@code limit + 1} names are
 * final or S3 has nothing more, which makes {@code truncated} exact.
 */
final class DirectoryLister {

    /** S3 returns at most this many keys and prefixes per request. */
    private static final int MAX_KEYS = 1000;
    /** Asking for a few more entries than needed costs nothing and may save a request. */
    private static final int MIN_KEYS = 16;

    private final S3Client s3;
    private final String bucket;

    DirectoryLister(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The names below {@code dirPrefix} (a key prefix ending in {@code /}), as the SPI defines. */
    ListPage list(String dirPrefix, String startAfter, int limit) {
        NavigableSet<String> names = new TreeSet<>();
        String scannedTo = null;
        String token = null;
        int finalNames = 0;
        boolean more = true;
        while (more && finalNames <= limit) {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(dirPrefix)
                    .delimiter("/")
                    .maxKeys(Math.min(MAX_KEYS, Math.max(MIN_KEYS, limit + 1 - finalNames)));
            if (token != null) {
                request.continuationToken(token);
            } else if (startAfter != null) {
                // Skips every key of a name up to startAfter, except those below startAfter/
                // itself, which come back as the prefix startAfter/ and are dropped below.
                request.startAfter(dirPrefix + startAfter);
            }
            ListObjectsV2Response page =
                    S3Errors.call("cannot list " + dirPrefix, () -> s3.listObjectsV2(request.build()));
            for (S3Object object : page.contents()) {
                String name = object.key().substring(dirPrefix.length());
                scannedTo = max(scannedTo, name);
                add(names, name, startAfter);
            }
            for (CommonPrefix common : page.commonPrefixes()) {
                String rest = common.prefix().substring(dirPrefix.length());
                scannedTo = max(scannedTo, rest);
                add(names, rest.substring(0, rest.length() - 1), startAfter);
            }
            more = Boolean.TRUE.equals(page.isTruncated());
            token = page.nextContinuationToken();
            if (more) {
                String bound = firstUnseenBound(scannedTo, startAfter);
                finalNames = bound == null
                        ? names.size()
                        : names.headSet(bound, false).size();
            }
        }
        List<String> result = new ArrayList<>(Math.min(limit, 1024));
        for (String name : names) {
            if (result.size() == limit) {
                break;
            }
            result.add(name);
        }
        return new ListPage(result, names.size() > limit);
    }

    /**
     * The smallest name after {@code startAfter} not seen yet could be, once S3 was read up to
     * {@code scannedTo}: the shortest prefix of it followed by {@code +}, {@code -} or {@code .}, or
     * null when every unseen name sorts after everything seen.
     */
    static String firstUnseenBound(String scannedTo, String startAfter) {
        if (scannedTo == null) {
            return "";
        }
        for (int i = 1; i < scannedTo.length() && scannedTo.charAt(i) != '/'; i++) {
            char c = scannedTo.charAt(i);
            if (c == '+' || c == '-' || c == '.') {
                String candidate = scannedTo.substring(0, i);
                if (startAfter == null || candidate.compareTo(startAfter) > 0) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static void add(NavigableSet<String> names, String name, String startAfter) {
        if ((startAfter == null || name.compareTo(startAfter) > 0) && isName(name)) {
            names.add(name);
        }
    }

    /** Keys no storage path maps to (written by other tools) are left out. */
    private static boolean isName(String name) {
        try {
            return new StoragePath(name).segments().size() == 1;
        } catch (IllegalArgumentException notAName) {
            return false;
        }
    }

    private static String max(String a, String b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }
}
