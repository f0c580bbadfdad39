package dev.berth.registry.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;
import dev.berth.storage.ObjectInfo;
import dev.berth.storage.Storage;
import dev.berth.storage.StorageException;
import dev.berth.storage.StoragePath;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Berth records about images beyond their content: when each manifest revision was first
 * pushed and by whom, when each tag last moved and by whom, and when each revision was last
 * pulled. Small JSON records under the repository's {@code _records} folder (see
 * {@link RegistryLayout}), written by pushes and pulls with the registry's clock, read by whatever
 * shows or expires images.
 *
 * <p>A record is written after the object it describes (revision, tag) and deleted before it, so a
 * crash leaves at worst an object without its record, never a record without its object. Readers
 * tolerate a missing record, as in a store from before records existed, and a tag record left stale
 * by a crash (it names another digest than the tag): they answer with the object's own storage time
 * and an unknown actor. Records that a deletion racing a push or pull leaves behind are removed by
 * garbage collection ({@link #removeOrphans}).
 *
 * <p>A GET of a manifest is a pull of the revision it resolves to (a HEAD is not). Recording one
 * costs a write, so it happens at most once per {@link #PULL_INTERVAL} per revision on each server,
 * decided in memory ({@link PullThrottle}): a pull within the interval costs no storage call for
 * it, and the recorded time is accurate to the interval. A store that refuses writes (read-only,
 * full) loses pull records, never pulls.
 */
public final class ImageRecords {
    /** A revision's pull is recorded at most this often by each server. */
    public static final Duration PULL_INTERVAL = Duration.ofHours(1);
    /** Revisions whose last recording each server remembers (the most recently pulled ones). */
    static final long REMEMBERED_PULLS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(ImageRecords.class);

    private final Storage storage;
    private final Clock clock;
    private final TagStore tags;
    private final PullThrottle throttle = new PullThrottle(PULL_INTERVAL, REMEMBERED_PULLS);
    private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.MIN);

    ImageRecords(Storage storage, Clock clock, TagStore tags) {
        this.storage = storage;
        this.clock = clock;
        this.tags = tags;
    }

    /**
     * When and by whom {@code digest} was first pushed to {@code repository}; empty when the
     * repository holds no such revision and no record of it.
     */
    public Optional<PushRecord> pushed(RepositoryName repository, Digest digest) {
        Optional<JsonNode> record = read(RegistryLayout.pushRecord(repository, digest));
        Optional<Instant> at = record.flatMap(r -> instant(r, "at"));
        if (at.isPresent()) {
            return Optional.of(new PushRecord(digest, at.get(), text(record.get(), "by")));
        }
        return storage.stat(RegistryLayout.revision(repository, digest))
                .map(revision -> new PushRecord(digest, revision.lastModified(), ""));
    }

    /** Where {@code tag} points, since when and set by whom; empty when there is no such tag. */
    public Optional<TagRecord> tag(RepositoryName repository, Tag tag) {
        Optional<Digest> current = tags.resolve(repository, tag);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Optional<JsonNode> record = read(RegistryLayout.tagRecord(repository, tag))
                .filter(r -> digest(r, "digest").equals(current));
        Optional<Instant> at = record.flatMap(r -> instant(r, "at"));
        if (at.isPresent()) {
            return Optional.of(new TagRecord(
                    tag, current.get(), at.get(), text(record.get(), "by"), digest(record.get(), "previous")));
        }
        return storage.stat(RegistryLayout.tag(repository, tag))
                .map(object -> new TagRecord(tag, current.get(), object.lastModified(), "", Optional.empty()));
    }

    /**
     * When a pull of {@code digest} from {@code repository} was last recorded: up to
     * {@link #PULL_INTERVAL} before its last pull. Empty when none was (never pulled since
     * records existed, or pulled only through a store that refused writes).
     */
    public Optional<Instant> lastPulled(RepositoryName repository, Digest digest) {
        return read(RegistryLayout.pullRecord(repository, digest)).flatMap(r -> instant(r, "at"));
    }

    /**
     * Records a pull of {@code digest}, unless this server recorded one within
     * {@link #PULL_INTERVAL}. Never fails: a store that refuses the write is warned about.
     */
    public void recordPull(RepositoryName repository, Digest digest) {
        Instant now = clock.instant();
        if (!throttle.due(repository, digest, now)) {
            return;
        }
        ObjectNode record = Json.object().put("at", now.toString());
        try {
            storage.put(RegistryLayout.pullRecord(repository, digest), Json.bytes(record));
        } catch (StorageException e) {
            Instant last = lastWarning.get();
            if (!now.isBefore(last.plus(PULL_INTERVAL)) && lastWarning.compareAndSet(last, now)) {
                LOG.warn(
                        "pulls cannot be recorded ({}); pulls go on, their records wait for a writable store",
                        e.getMessage());
            }
        }
    }

    /** After the revision is written: records its first push unless it has a record already. */
    void recordPush(RepositoryName repository, Digest digest, String actor) {
        StoragePath path = RegistryLayout.pushRecord(repository, digest);
        if (storage.stat(path).isEmpty()) {
            storage.put(
                    path,
                    Json.bytes(withActor(Json.object().put("at", clock.instant().toString()), actor)));
        }
    }

    /** After the tag is written: records that it moved from {@code previous} (if any) to {@code digest}. */
    void recordMove(RepositoryName repository, Tag tag, Digest digest, Optional<Digest> previous, String actor) {
        ObjectNode record = Json.object()
                .put("digest", digest.toString())
                .put("at", clock.instant().toString());
        previous.ifPresent(p -> record.put("previous", p.toString()));
        storage.put(RegistryLayout.tagRecord(repository, tag), Json.bytes(withActor(record, actor)));
    }

    /** Before the tag is deleted. */
    void forgetTag(RepositoryName repository, Tag tag) {
        storage.delete(RegistryLayout.tagRecord(repository, tag));
    }

    /** Before the revision is deleted: its push and pull records. */
    void forgetRevision(RepositoryName repository, Digest digest) {
        throttle.forget(repository, digest);
        storage.delete(RegistryLayout.pullRecord(repository, digest));
        storage.delete(RegistryLayout.pushRecord(repository, digest));
    }

    /**
     * Deletes the records of {@code repository} last written before {@code writtenBefore} whose
     * revision or tag is gone: left behind by a deletion that raced a push or pull. What the
     * caller knows to exist ({@code knownRevision}, {@code knownTag}) is kept without asking
     * storage, the rest is looked up first. {@code checkpoint} runs at every record. Returns how
     * many were deleted.
     */
    public int removeOrphans(
            RepositoryName repository,
            Predicate<Digest> knownRevision,
            Predicate<Tag> knownTag,
            Instant writtenBefore,
            Runnable checkpoint) {
        List<StoragePath> orphans = new ArrayList<>();
        for (StoragePath folder :
                List.of(RegistryLayout.pushRecords(repository), RegistryLayout.pullRecords(repository))) {
            storage.walk(folder, object -> {
                checkpoint.run();
                RegistryLayout.digestBelow(folder, object.path())
                        .filter(digest -> old(object, writtenBefore) && !knownRevision.test(digest))
                        .filter(digest -> storage.stat(RegistryLayout.revision(repository, digest))
                                .isEmpty())
                        .ifPresent(digest -> orphans.add(object.path()));
            });
        }
        storage.walk(RegistryLayout.tagRecords(repository), object -> {
            checkpoint.run();
            RegistryLayout.tagOfRecord(repository, object.path())
                    .filter(tag -> old(object, writtenBefore) && !knownTag.test(tag))
                    .filter(tag ->
                            storage.stat(RegistryLayout.tag(repository, tag)).isEmpty())
                    .ifPresent(tag -> orphans.add(object.path()));
        });
        int removed = 0;
        for (StoragePath orphan : orphans) {
            checkpoint.run();
            removed += storage.delete(orphan) ? 1 : 0;
        }
        return removed;
    }

    private static boolean old(ObjectInfo object, Instant writtenBefore) {
        return object.lastModified().isBefore(writtenBefore);
    }

    private static ObjectNode withActor(ObjectNode record, String actor) {
        return actor.isEmpty() ? record : record.put("by", actor);
    }

    /** The record at {@code path}; empty when there is none or it is not JSON (then it is ignored). */
    private Optional<JsonNode> read(StoragePath path) {
        return StoredObjects.read(storage, path).flatMap(bytes -> {
            try {
                JsonNode node = Json.MAPPER.readTree(bytes);
                return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value != null && value.isTextual() ? value.asText() : "";
    }

    private static Optional<Instant> instant(JsonNode record, String field) {
        try {
            String value = text(record, field);
            return value.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Digest> digest(JsonNode record, String field) {
        String value = text(record, field);
        try {
            return value.isEmpty() ? Optional.empty() : Optional.of(Digest.parse(value));
        } catch (RegistryException e) {
            return Optional.empty();
        }
    }
}
