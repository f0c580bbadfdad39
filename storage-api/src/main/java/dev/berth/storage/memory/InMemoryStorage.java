package dev.berth.storage.memory;

import dev.berth.storage.AppendWriter;
import dev.berth.storage.ListPage;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.ObjectNotFoundException;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import dev.berth.storage.Upload;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * A thread-safe {@link Storage} that keeps every object, and apart from them every upload, in
 * memory; nothing is durable beyond the instance. Meant for tests.
 *
 * <p>Keys are paths with {@code /} replaced by {@code \0}, a character below every one a path may
 * contain, so that the map's order is the order of a listing: {@code a/x} sorts before {@code a-b}
 * just as the child {@code a} sorts before {@code a-b}. That lets {@link #list} jump from one child
 * to the next instead of scanning whole subtrees.
 */
public final class InMemoryStorage implements Storage {

    private static final char SEPARATOR = '\0';
    /** Sorts after {@link #SEPARATOR} and before every path character: the end of a subtree. */
    private static final char AFTER_SEPARATOR = '\1';

    private final ConcurrentSkipListMap<String, Entry> objects = new ConcurrentSkipListMap<>();
    /**
     * In-flight uploads, keyed like objects but apart from them: an upload is not an object, and
     * code above the SPI must not come to rely on seeing one, since S3 cannot show it.
     */
    private final ConcurrentSkipListMap<String, Entry> uploads = new ConcurrentSkipListMap<>();

    /**
     * An object or an upload. Values are replaced, never mutated, so a reader holding one always sees
     * a whole object.
     */
    private record Entry(StoragePath path, byte[] bytes, Instant lastModified) {
        ObjectInfo info() {
            return new ObjectInfo(path, bytes.length, lastModified);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(StoragePath path) {
        return Optional.ofNullable(objects.get(key(path))).map(Entry::info);
    }

    @Override
    public InputStream read(StoragePath path, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        byte[] bytes = entry(path).bytes();
        if (offset > bytes.length) {
            throw new IllegalArgumentException("offset " + offset + " beyond size " + bytes.length + " of " + path);
        }
        return new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
    }

    @Override
    public void put(StoragePath path, byte[] content) {
        checkNoConflict(objects, path);
        objects.put(key(path), new Entry(path, content.clone(), Instant.now()));
    }

    @Override
    public Upload upload(StoragePath path) {
        return new MemoryUpload(this, path);
    }

    AppendWriter openUpload(StoragePath path) {
        checkNoConflict(uploads, path);
        Entry existing = uploads.computeIfAbsent(key(path), k -> new Entry(path, new byte[0], Instant.now()));
        return new MemoryAppendWriter(this, path, existing.bytes().length);
    }

    /**
     * Called by {@link MemoryAppendWriter#close()}: appends to whatever the upload holds now. An
     * upload aborted while the writer was open stays aborted, as on disk.
     */
    void commitUpload(StoragePath path, byte[] appended) {
        uploads.computeIfPresent(key(path), (k, old) -> {
            byte[] before = old.bytes();
            byte[] after = new byte[before.length + appended.length];
            System.arraycopy(before, 0, after, 0, before.length);
            System.arraycopy(appended, 0, after, before.length, appended.length);
            return new Entry(path, after, Instant.now());
        });
    }

    OptionalLong uploadSize(StoragePath path) {
        Entry upload = uploads.get(key(path));
        return upload == null ? OptionalLong.empty() : OptionalLong.of(upload.bytes().length);
    }

    void completeUpload(StoragePath path, StoragePath target) {
        Entry upload = uploads.get(key(path));
        if (upload == null) {
            throw new ObjectNotFoundException(path);
        }
        checkNoConflict(objects, target);
        // Target first: a failure before this line leaves the upload intact for another attempt.
        objects.put(key(target), new Entry(target, upload.bytes(), Instant.now()));
        uploads.remove(key(path), upload);
    }

    boolean abortUpload(StoragePath path) {
        return uploads.remove(key(path)) != null;
    }

    @Override
    public void move(StoragePath source, StoragePath target) {
        Entry entry = entry(source);
        if (source.equals(target)) {
            return;
        }
        checkNoConflict(objects, target);
        // Target first, so that at no moment neither path holds the object.
        objects.put(key(target), new Entry(target, entry.bytes(), entry.lastModified()));
        objects.remove(key(source), entry);
    }

    @Override
    public boolean delete(StoragePath path) {
        return objects.remove(key(path)) != null;
    }

    @Override
    public void deleteAll(StoragePath prefix) {
        objects.remove(key(prefix));
        subtree(prefix).clear();
    }

    @Override
    public ListPage list(StoragePath directory, String startAfter, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        String prefix = key(directory) + SEPARATOR;
        String next = startAfter == null
                ? objects.ceilingKey(prefix)
                : objects.ceilingKey(prefix + startAfter + AFTER_SEPARATOR);
        List<String> names = new ArrayList<>();
        while (next != null && next.startsWith(prefix) && names.size() < limit) {
            String child = childName(next, prefix.length());
            names.add(child);
            next = objects.ceilingKey(prefix + child + AFTER_SEPARATOR);
        }
        return new ListPage(names, next != null && next.startsWith(prefix));
    }

    @Override
    public void walk(StoragePath prefix, Consumer<ObjectInfo> visitor) {
        Entry self = objects.get(key(prefix));
        if (self != null) {
            visitor.accept(self.info());
        }
        for (Entry e : subtree(prefix).values()) {
            visitor.accept(e.info());
        }
    }

    private Entry entry(StoragePath path) {
        Entry e = objects.get(key(path));
        if (e == null) {
            throw new ObjectNotFoundException(path);
        }
        return e;
    }

    private ConcurrentNavigableMap<String, Entry> subtree(StoragePath prefix) {
        return subtree(objects, prefix);
    }

    private static ConcurrentNavigableMap<String, Entry> subtree(
            ConcurrentNavigableMap<String, Entry> map, StoragePath prefix) {
        String k = key(prefix);
        return map.subMap(k + SEPARATOR, k + AFTER_SEPARATOR);
    }

    /**
     * Refuses what a filesystem cannot store (see {@link Storage}), so that code tested against
     * memory does not fail later on disk; uploads, kept in files too, are checked among themselves.
     * Best effort under concurrency, which is enough for that.
     */
    private static void checkNoConflict(ConcurrentNavigableMap<String, Entry> map, StoragePath path) {
        List<String> segments = path.segments();
        StringBuilder ancestor = new StringBuilder();
        for (int i = 0; i < segments.size() - 1; i++) {
            if (i > 0) {
                ancestor.append('/');
            }
            ancestor.append(segments.get(i));
            if (map.containsKey(key(new StoragePath(ancestor.toString())))) {
                throw new StorageException("cannot store " + path + ": " + ancestor + " is already stored");
            }
        }
        if (!subtree(map, path).isEmpty()) {
            throw new StorageException("cannot store " + path + ": others are stored below it");
        }
    }

    private static String childName(String key, int from) {
        int end = key.indexOf(SEPARATOR, from);
        return end < 0 ? key.substring(from) : key.substring(from, end);
    }

    private static String key(StoragePath path) {
        return path.value().replace('/', SEPARATOR);
    }
}
