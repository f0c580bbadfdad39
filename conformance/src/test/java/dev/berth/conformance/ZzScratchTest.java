package dev.berth.conformance;

import org.junit.jupiter.api.Test;

class ZzScratchTest extends RegistryTest {
    @Test
    void probe() {
        StorageView s = registry.localStorage().orElseThrow();
        var before = s.snapshot();
        Response post = registry.startUpload(repo);
        var mid = s.snapshot();
        registry.request("PATCH", post.requireHeader("Location")).header("Content-Type", "application/octet-stream").body(new byte[6 << 20]).send();
        var after = s.snapshot();
        System.out.println("BEFORE " + before.size() + "\nMID-diff " + diff(before, mid) + "\nAFTER-diff " + diff(mid, after));
    }
    static String diff(java.util.Map<String, Long> a, java.util.Map<String, Long> b) {
        var out = new java.util.TreeMap<String, Long>(b);
        a.forEach((k, v) -> { if (v.equals(out.get(k))) out.remove(k); });
        return out.toString();
    }
}
