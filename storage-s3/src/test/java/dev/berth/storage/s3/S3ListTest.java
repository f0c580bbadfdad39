package dev.berth.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.ListPage;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.StoragePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Listings where S3's key order and the SPI's name order disagree, across many S3 pages, and proof
 * that a listing only ever asks S3 about the directory's own prefix.
 */
class S3ListTest {

    private final S3ProxyServer server = S3ProxyServer.get();
    private final RequestRecorder recorder = new RequestRecorder();
    private String bucket;
    private S3Client client;
    private S3Storage storage;

    @BeforeEach
    void createStorage() {
        bucket = server.createBucket();
        client = server.client(recorder);
        storage = new S3Storage(server.config(bucket, "berth"), client, null);
    }

    @AfterEach
    void deleteBucket() {
        client.close();
        server.deleteBucket(bucket);
    }

    @Test
    void aPrefixSortsBeforeItsLongerSiblingsAtEveryPageSize() {
        Set<String> expected = new TreeSet<>();
        // In key order "a/..." comes after all of these, by name "a" comes first.
        for (int i = 0; i < 40; i++) {
            put("l/a-" + String.format("%02d", i));
            expected.add("a-" + String.format("%02d", i));
        }
        for (String name : List.of("a+", "a.", "a.b", "a-", "a0", "b", "b-c", "Z", "_")) {
            put("l/" + name);
            expected.add(name);
        }
        for (String prefix : List.of("a", "a.b.c", "b-", "b-c-d", "c")) {
            put("l/" + prefix + "/inner");
            put("l/" + prefix + "/deeper/inner");
            expected.add(prefix);
        }
        for (int limit : List.of(1, 2, 3, 7, 16, 100)) {
            assertEquals(new ArrayList<>(expected), pageThrough("l", null, limit), "limit " + limit);
        }
        List<String> afterA = new ArrayList<>(((TreeSet<String>) expected).tailSet("a", false));
        assertEquals(afterA, pageThrough("l", "a", 5));
    }

    @Test
    void listingAndWalkingOnlyAskAboutTheirOwnPrefix() {
        put("x/a/one");
        put("x/ab");
        put("x/a-b/two");
        put("y/elsewhere");
        recorder.clear();

        storage.list(new StoragePath("x/a"), null, 10);
        storage.walk(new StoragePath("x/a"), info -> {});
        storage.deleteAll(new StoragePath("x/a"));

        List<ListObjectsV2Request> requests = recorder.requests(ListObjectsV2Request.class);
        assertTrue(requests.size() >= 3);
        requests.forEach(r -> assertEquals("berth/x/a/", r.prefix()));
    }

    @Test
    void keysNoPathMapsToAreLeftOut() {
        put("k/good");
        for (String key : List.of("berth/k/has~tilde", "berth/k/bad!dir/inner")) {
            client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("x"));
        }

        assertEquals(new ListPage(List.of("good"), false), storage.list(new StoragePath("k"), null, 10));
        List<StoragePath> walked = new ArrayList<>();
        storage.walk(new StoragePath("k"), info -> walked.add(info.path()));
        assertEquals(List.of(new StoragePath("k/good")), walked);
    }

    @Test
    void walkReportsSizesAcrossManyPages() {
        for (int i = 0; i < 1005; i++) {
            storage.put(new StoragePath("w/" + (i % 3) + "/n" + i), new byte[i % 7]);
        }
        List<ObjectInfo> seen = new ArrayList<>();
        storage.walk(new StoragePath("w"), seen::add);
        assertEquals(1005, seen.size());
        seen.forEach(info -> assertEquals(Integer.parseInt(info.path().name().substring(1)) % 7, info.size()));
    }

    @Test
    void theFirstUnseenNameIsTheShortestPrefixBeforeAPunctuationMark() {
        assertNull(DirectoryLister.firstUnseenBound("abc", null));
        assertEquals("a", DirectoryLister.firstUnseenBound("a-b.c", null));
        assertEquals("a-b", DirectoryLister.firstUnseenBound("a-b.c", "a"));
        assertNull(DirectoryLister.firstUnseenBound("a-b.c", "a-b"));
        assertNull(DirectoryLister.firstUnseenBound("ab/c-d", null));
        assertEquals("", DirectoryLister.firstUnseenBound(null, null));
    }

    private List<String> pageThrough(String directory, String startAfter, int limit) {
        List<String> names = new ArrayList<>();
        String after = startAfter;
        ListPage page;
        do {
            page = storage.list(new StoragePath(directory), after, limit);
            if (page.truncated()) {
                assertEquals(limit, page.names().size());
            }
            names.addAll(page.names());
            after = page.last();
        } while (page.truncated());
        return names;
    }

    private void put(String path) {
        storage.put(new StoragePath(path), new byte[] {1});
    }
}
