package dev.berth.registry.http.api;

import dev.berth.registry.content.BlobContent;
import dev.berth.registry.content.BlobStore;
import dev.berth.registry.content.ManifestStore;
import dev.berth.registry.content.StoredManifest;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.model.Digest;
import dev.berth.registry.model.Reference;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;
import dev.berth.registry.notify.Action;
import dev.berth.registry.notify.Event;
import dev.berth.registry.notify.Notifier;
import dev.berth.registry.notify.RequestRecord;
import dev.berth.registry.notify.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a handler just did into the events distribution would send for it: a finished upload
 * is a blob {@code push}, a mount a {@code mount}, a manifest PUT a {@code push} per tag set (one
 * without a tag when pushed by digest), a GET a {@code pull}, a DELETE by tag a {@code delete} of
 * the tag, a DELETE by digest a {@code delete} of the manifest followed by one for each tag it
 * removed. Called only after the request succeeded; it never fails one.
 */
final class EventReporter {
    private static final Logger LOG = LoggerFactory.getLogger(EventReporter.class);
    /** What distribution names every blob's media type in its events. */
    private static final String BLOB_MEDIA_TYPE = "application/octet-stream";

    private final Notifier notifier;
    private final BlobStore blobs;

    /** @param blobs where a pushed blob's size is looked up, when someone wants the event */
    EventReporter(Notifier notifier, BlobStore blobs) {
        this.notifier = notifier;
        this.blobs = blobs;
    }

    void blobPushed(Exchange x, Digest digest) {
        report(x, Action.PUSH, () -> List.of(blob(x, digest, size(digest))));
    }

    void blobMounted(Exchange x, Digest digest, Optional<RepositoryName> from) {
        report(
                x,
                Action.MOUNT,
                () -> List.of(blob(x, digest, size(digest))
                        .withFromRepository(from.map(RepositoryName::value).orElse(null))));
    }

    void blobPulled(Exchange x, BlobContent blob) {
        report(x, Action.PULL, () -> List.of(blob(x, blob.digest(), blob.size())));
    }

    void blobDeleted(Exchange x, Digest digest) {
        report(
                x,
                Action.DELETE,
                () -> List.of(Target.deletedContent(x.repository().value(), digest.toString())));
    }

    void manifestPushed(Exchange x, ManifestStore.PutResult result, long size) {
        report(x, Action.PUSH, () -> {
            Target target = manifest(x, result.mediaType(), result.digest(), size);
            return result.tags().isEmpty()
                    ? List.of(target)
                    : result.tags().stream()
                            .map(tag -> target.withTag(tag.value()))
                            .toList();
        });
    }

    void manifestPulled(Exchange x, StoredManifest manifest, Reference reference) {
        report(x, Action.PULL, () -> {
            Target target = manifest(x, manifest.mediaType(), manifest.digest(), manifest.content().length);
            return List.of(
                    reference.isDigest()
                            ? target
                            : target.withTag(reference.tag().value()));
        });
    }

    void manifestDeleted(Exchange x, Reference reference, List<Tag> tagsRemoved) {
        report(x, Action.DELETE, () -> {
            String repository = x.repository().value();
            List<Target> targets = new ArrayList<>();
            if (reference.isDigest()) {
                targets.add(Target.deletedContent(repository, reference.digest().toString()));
            }
            tagsRemoved.forEach(tag -> targets.add(Target.deletedTag(repository, tag.value())));
            return targets;
        });
    }

    private interface Targets {
        List<Target> get();
    }

    private void report(Exchange x, Action action, Targets targets) {
        try {
            if (!notifier.wants(action, x.repository().value())) {
                return;
            }
            RequestRecord request = new RequestRecord(
                    x.id(), x.clientAddress(), x.header("Host"), x.method().name(), x.header("User-Agent"));
            for (Target target : targets.get()) {
                notifier.publish(
                        Event.now(action, target, request, x.principal().account()));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not report a {} event; the request succeeded regardless", action.wireName(), e);
        }
    }

    private Target blob(Exchange x, Digest digest, Long size) {
        return Target.content(
                x.repository().value(),
                BLOB_MEDIA_TYPE,
                digest.toString(),
                size,
                x.base() + "/v2/" + x.repository() + "/blobs/" + digest);
    }

    private static Target manifest(Exchange x, String mediaType, Digest digest, long size) {
        return Target.content(
                x.repository().value(),
                mediaType,
                digest.toString(),
                size,
                x.base() + "/v2/" + x.repository() + "/manifests/" + digest);
    }

    /** The stored blob's size; null (left out of the event) when storage cannot say. */
    private Long size(Digest digest) {
        try {
            return blobs.stat(digest).map(BlobStore.StoredBlob::size).orElse(null);
        } catch (RuntimeException e) {
            LOG.debug("no size for {} in its event", digest, e);
            return null;
        }
    }
}
