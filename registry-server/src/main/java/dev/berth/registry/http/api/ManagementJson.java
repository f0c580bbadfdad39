package dev.berth.registry.http.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.registry.content.ImageConfig;
import dev.berth.registry.content.ImageDeletions;
import dev.berth.registry.content.ImageDetail;
import dev.berth.registry.content.ImageId;
import dev.berth.registry.content.ImageSummary;
import dev.berth.registry.content.ManifestParts;
import dev.berth.registry.content.Part;
import dev.berth.registry.content.Platform;
import dev.berth.registry.content.RepositorySummary;
import dev.berth.registry.content.StoreTotals;
import dev.berth.registry.model.Descriptor;
import dev.berth.registry.model.Json;
import dev.berth.registry.model.RepositoryName;
import dev.berth.registry.model.Tag;

/**
 * The management API's JSON: field names as in ECR's {@code describe-repositories},
 * {@code describe-images} and {@code batch-delete-image} where ECR has the field, times as
 * ISO-8601 UTC text, sizes in bytes.
 */
final class ManagementJson {
    private ManagementJson() {}

    static ObjectNode repository(RepositorySummary r) {
        ObjectNode node = Json.object();
        node.put("repositoryName", r.name().value());
        node.put("imageCount", r.imageCount());
        node.put("storedSizeInBytes", r.storedBytes());
        r.lastPushedAt().ifPresent(at -> node.put("lastPushedAt", at.toString()));
        if (!r.quotas().isEmpty()) {
            ArrayNode quotas = node.putArray("quotas");
            r.quotas().forEach(q -> quotas.addObject()
                    .put("repositories", q.quota().patterns())
                    .put("per", q.quota().per().configName())
                    .put("limitInBytes", q.limit())
                    .put("usedInBytes", q.used()));
        }
        return node;
    }

    static ObjectNode image(RepositoryName repository, ImageSummary image) {
        ManifestParts m = image.manifest();
        ObjectNode node = Json.object();
        node.put("repositoryName", repository.value());
        node.put("imageDigest", m.digest().toString());
        ArrayNode tags = node.putArray("imageTags");
        image.tags().stream().map(Tag::value).forEach(tags::add);
        node.put("imageSizeInBytes", image.sizeBytes());
        node.put("imageManifestMediaType", m.mediaType());
        node.put("imageManifestSizeInBytes", m.size());
        m.config().ifPresent(c -> node.put("artifactMediaType", c.mediaType()));
        m.artifactType().ifPresent(t -> node.put("artifactType", t));
        m.subject().ifPresent(s -> node.put("subjectDigest", s.toString()));
        image.pushed().ifPresent(p -> {
            node.put("imagePushedAt", p.pushedAt().toString());
            if (!p.pushedBy().isEmpty()) {
                node.put("imagePushedBy", p.pushedBy());
            }
        });
        image.lastPulled().ifPresent(at -> node.put("lastRecordedPullTime", at.toString()));
        image.config().ifPresent(c -> node.set("config", config(c)));
        if (m.isIndex()) {
            ArrayNode platforms = node.putArray("platforms");
            m.children().forEach(child -> {
                ObjectNode p = platforms.addObject();
                p.put("imageDigest", child.digest().toString());
                p.put("imageManifestMediaType", child.mediaType());
                child.platform().ifPresent(platform -> platform(p, platform));
            });
        }
        return node;
    }

    static ObjectNode detail(RepositoryName repository, ImageDetail detail) {
        ObjectNode node = image(repository, detail.summary());
        detail.summary().manifest().config().ifPresent(c -> node.set("configBlob", part(c, c.declaredSize())));
        ArrayNode layers = node.putArray("layers");
        for (ImageDetail.Layer layer : detail.layers()) {
            ObjectNode l = part(layer.part(), layer.size());
            ArrayNode shared = l.putArray("sharedWith");
            layer.sharedWith().forEach(r -> shared.add(r.value()));
            layers.add(l);
        }
        node.put("sharedWithComplete", detail.sharingComplete());
        ArrayNode referrers = node.putArray("referrers");
        for (Descriptor d : detail.referrers()) {
            ObjectNode r = referrers.addObject();
            r.put("imageDigest", d.digest().toString());
            r.put("imageManifestMediaType", d.mediaType());
            r.put("sizeInBytes", d.size());
            if (d.artifactType() != null) {
                r.put("artifactType", d.artifactType());
            }
            if (d.annotations() != null) {
                r.set("annotations", Json.MAPPER.valueToTree(d.annotations()));
            }
        }
        return node;
    }

    static ObjectNode totals(StoreTotals t) {
        return Json.object()
                .put("repositoryCount", t.repositoryCount())
                .put("imageCount", t.imageCount())
                .put("blobCount", t.blobCount())
                .put("storedBytes", t.storedBytes())
                .put("referencedBytes", t.referencedBytes())
                .put("logicalBytes", t.logicalBytes())
                .put("dedupSavedBytes", t.dedupSavedBytes())
                .put("unreferencedBytes", t.unreferencedBytes());
    }

    static ObjectNode deletion(ImageDeletions.Result result) {
        ObjectNode node = Json.object();
        ArrayNode deleted = node.putArray("imageIds");
        result.deleted().forEach(id -> deleted.add(imageId(id)));
        ArrayNode failures = node.putArray("failures");
        for (ImageDeletions.Failure f : result.failures()) {
            ObjectNode failure = failures.addObject();
            failure.set("imageId", imageId(f.imageId()));
            failure.put("failureCode", f.code());
            failure.put("failureReason", f.reason());
        }
        return node;
    }

    private static ObjectNode imageId(ImageId id) {
        ObjectNode node = Json.object();
        id.digest().ifPresent(d -> node.put("imageDigest", d));
        id.tag().ifPresent(t -> node.put("imageTag", t));
        return node;
    }

    private static ObjectNode part(Part part, long size) {
        return Json.object()
                .put("digest", part.digest().toString())
                .put("mediaType", part.mediaType())
                .put("sizeInBytes", size);
    }

    private static ObjectNode config(ImageConfig c) {
        ObjectNode node = platform(Json.object(), c.platform());
        c.created().ifPresent(created -> node.put("created", created));
        return node;
    }

    private static ObjectNode platform(ObjectNode node, Platform p) {
        node.put("os", p.os());
        node.put("architecture", p.architecture());
        if (!p.variant().isEmpty()) {
            node.put("variant", p.variant());
        }
        return node;
    }
}
